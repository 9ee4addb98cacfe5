import { join } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

// The rule is plain CommonJS so that eslint.config.mjs can load it without a build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const boundaries = require('../../tools/eslint/boundaries.js') as NonNullable<
  Linter.Config['plugins']
>[string];

const root = join(__dirname, '..', '..');
const linter = new Linter({ configType: 'flat' });
const config: Linter.Config[] = [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { ledger: boundaries },
    rules: { 'ledger/no-cross-boundary-imports': 'error' },
  },
];

/** The boundary messages ESLint reports for `code` written in the file at `path`. */
function violations(path: string, code: string): string[] {
  return linter.verify(code, config, { filename: join(root, path) }).map((m) => m.message);
}

describe('the boundary rule: services share only contracts, libs know no app', () => {
  it.each([
    [
      'apps/reporting/src/progress/x.ts',
      "import { ProjectEvent } from '../../../planning/src/project/domain/project.events';",
    ],
    [
      'apps/assessment/src/risk/domain/x.ts',
      "export * from '../../../../reporting/src/dispatch-report/domain/dispatch-report.events';",
    ],
    ['libs/contracts/src/x.ts', "import { X } from '../../../apps/planning/src/planning.module';"],
    ['libs/messaging/test/x.spec.ts', "import { P } from '../../../apps/reporting/src/main';"],
    ['seeds/synthetic/x.ts', "import { E } from '../../apps/planning/src/project/domain/x';"],
    ['apps/planning/src/x.ts', "const m = require('../../assessment/src/assessment.module');"],
    ['apps/relay/src/x.ts', "void import('../../planning/src/main');"],
  ])('refuses %s: %s', (path, code) => {
    expect(violations(path, code)).toHaveLength(1);
  });

  it.each([
    ['apps/reporting/src/progress/x.ts', "import { ProjectEvent } from '@ledger/contracts';"],
    ['apps/reporting/src/progress/x.ts', "import { Fold } from './register-fold';"],
    ['apps/reporting/src/x.ts', "import { Clock } from '@ledger/domain-kernel';"],
    ['libs/messaging/src/x.ts', "import { catalogValidator } from '@ledger/contracts';"],
    [
      'apps/gateway/src/x.ts',
      "import { PlanningModule } from '../../planning/src/planning.module';",
    ],
    ['apps/audit-cli/src/x.ts', "import { riskFlagStreamId } from '../../assessment/src/risk/x';"],
    ['test/reporting/x.spec.ts', "import { projectDecider } from '../../apps/planning/src/x';"],
    ['seeds/synthetic/x.spec.ts', "import { projectDecider } from '../../apps/planning/src/x';"],
  ])('lets %s: %s', (path, code) => {
    expect(violations(path, code)).toEqual([]);
  });
});

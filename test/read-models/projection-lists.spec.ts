import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { assessmentProjections } from '../../apps/assessment/src/assessment.projections';
import { planningProjections } from '../../apps/planning/src/planning.projections';
import { reportingProjections } from '../../apps/reporting/src/reporting.projections';
import { projections, serviceReadModels } from '../../apps/gateway/src/rebuild';

const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'testing' ? [] : sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every class in a service's source that says it is a projection, by service. */
function declaredProjections(): Array<{ service: string; className: string; file: string }> {
  const found: Array<{ service: string; className: string; file: string }> = [];
  for (const service of readdirSync(join(root, 'apps'))) {
    const src = join(root, 'apps', service, 'src');
    if (!statSync(src, { throwIfNoEntry: false })?.isDirectory()) continue;
    for (const file of sources(src)) {
      for (const match of readFileSync(file, 'utf8').matchAll(
        /class\s+(\w+)\s+implements\s+Projection\b/g,
      )) {
        found.push({ service, className: match[1]!, file: relative(root, file) });
      }
    }
  }
  return found;
}

describe('one list of projections per service', () => {
  const lists = [planningProjections, reportingProjections, assessmentProjections];

  it('lists every projection class a service declares, in that service', () => {
    const declared = declaredProjections();
    expect(declared.length).toBeGreaterThanOrEqual(5);
    for (const { service, className, file } of declared) {
      const list = lists.find((l) => l.service === service);
      expect({
        file,
        listed: list?.build('s').some((p) => p.constructor.name === className),
      }).toEqual({ file, listed: true });
    }
  });

  it('builds each projection on the schema given, with a unique name', () => {
    const built = lists.flatMap((l) => l.build('some_schema'));
    expect(built.every((p) => p.schema === 'some_schema')).toBe(true);
    expect(new Set(built.map((p) => p.name)).size).toBe(built.length);
  });

  it('is what npm run rebuild and the audit CLI rebuild: every service, every projection', () => {
    const env = { PLANNING_SCHEMA: 'p', REPORTING_SCHEMA: 'r', ASSESSMENT_SCHEMA: 'a' };
    expect(serviceReadModels(env).map((s) => s.projections.service)).toEqual(
      lists.map((l) => l.service),
    );
    expect(projections(env).map((p) => `${p.schema}:${p.name}`)).toEqual([
      'p:planning.programme',
      'p:planning.project-library',
      'p:planning.pre-construction-approvals',
      'p:planning.project-stages',
      'p:planning.administrative-units',
      'r:reporting.project-register',
      'r:reporting.problem-register',
      'r:reporting.network-reports',
      'a:assessment.project-facts',
      'a:assessment.views',
      'a:assessment.supervision',
    ]);
  });
});

import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { formatYuan, sumFen } from '@ledger/domain-kernel';
import { ProjectEvent } from '../project/domain/project.events';
import { evolveProject, initialProjectState } from '../project/domain/project.state';
import { exportProjectPackage } from './oc4ids-package';
import { ProjectHistory } from './oc4ids-project';
import {
  day,
  decideAll,
  pid,
  report,
  seedReference,
  seededProjectStreams,
  yi,
  yuan,
} from './testing/oc4ids-fixtures';

/**
 * The acceptance test of the issue: every seeded project, plus a few taken through approval,
 * funding, disbursement, milestones and reports by the real decider, exported as one package
 * that the official OC4IDS 0.9.5 schema accepts with zero errors, and whose references all
 * resolve inside their project.
 */
// The official schemas, copied unchanged into the repository (SOURCE.md gives their
// checksums): the suite must run from a clean clone, with nothing beside it.
const STANDARD = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'libs',
  'contracts',
  'standards',
  'oc4ids-0.9.5',
);
const readJson = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(STANDARD, file), 'utf8')) as Record<string, unknown>;

function packageValidator(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  // The schemas' own annotations (which codelist a field uses), not validation keywords.
  ajv.addVocabulary(['codelist', 'openCodelist', 'versionId', 'deprecated']);
  // Registered by its `id`, so the package schema's $ref resolves offline.
  ajv.addSchema(readJson('project-schema.json'));
  return ajv.compile(readJson('project-package-schema.json'));
}

const describeErrors = (errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON value as text, for ids and names (a non-string id shows as its JSON, not "[object Object]"). */
const text = (v: Json | undefined): string =>
  typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
const isObject = (v: Json | undefined): v is { [key: string]: Json } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every organisation and milestone reference, found by walking the JSON, not the types. */
const PARTY_REFERENCES: Record<string, string> = {
  publicAuthority: 'publicAuthority',
  sourceParty: 'sourceParty',
  financingParty: 'funder',
  payer: 'payer',
  payee: 'payee',
};
function danglingReferences(project: { [key: string]: Json }): string[] {
  const problems: string[] = [];
  const parties = new Map<string, { name: string; roles: string[] }>();
  for (const party of Array.isArray(project.parties) ? project.parties : []) {
    if (!isObject(party) || typeof party.id !== 'string') continue;
    if (parties.has(party.id)) problems.push(`party ${party.id} listed twice`);
    parties.set(party.id, {
      name: text(party.name),
      roles: Array.isArray(party.roles) ? party.roles.map(String) : [],
    });
  }
  const milestones = new Set(
    (Array.isArray(project.milestones) ? project.milestones : [])
      .filter(isObject)
      .map((m) => text(m.id)),
  );
  const visit = (value: Json, path: string): void => {
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, `${path}[${i}]`));
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      const role = PARTY_REFERENCES[key];
      if (role !== undefined && isObject(child)) {
        const party = parties.get(text(child.id));
        if (!party) problems.push(`${path}.${key} -> no party ${text(child.id)}`);
        else {
          if (party.name !== child.name) problems.push(`${path}.${key}: name differs from party`);
          if (!party.roles.includes(role))
            problems.push(`${path}.${key}: party lacks role ${role}`);
        }
      }
      if (key === 'relatedImplementationMilestone' && isObject(child)) {
        if (!milestones.has(text(child.id))) problems.push(`${path}.${key} -> no milestone`);
      }
      visit(child, `${path}.${key}`);
    }
  };
  visit(project, text(project.id));
  return problems;
}

/** Seeded streams, with four projects taken further through the real decider. */
function histories(): ProjectHistory[] {
  const streams = seededProjectStreams();
  const take = (id: string): ProjectEvent[] => {
    const events = streams.get(id);
    if (!events) throw new Error(`no seeded project ${id}`);
    return events;
  };
  const byway = pid('northeast-border-scenic-byway');
  streams.set(
    byway,
    decideAll(take(byway), [
      {
        type: 'ScheduleMilestone',
        projectId: byway,
        kind: 'commencement',
        plannedOn: day('2020-06-01'),
      },
      {
        type: 'ApproveProject',
        projectId: byway,
        authority: '省发展改革委',
        documentNumber: '吉发改审批〔2020〕88号',
        approvedInvestment: yi('900'),
        approvedOn: day('2020-05-10'),
      },
      {
        type: 'AdjustProjectPlan',
        projectId: byway,
        adjustedOn: day('2020-05-20'),
        reason: '落实资金筹措方案',
        plannedStart: day('2020-06-01'),
        plannedEnd: day('2025-12-31'),
        fundingPlan: [
          { source: 'special_bonds', amount: yi('500') },
          { source: 'bank_credit', amount: yi('300') },
          { source: 'central_budget', amount: yuan('9999999999.99') },
          { source: 'provincial_budget', amount: yuan('0.01') },
        ],
        annualInvestmentPlan: [
          { year: 2020, amount: yi('100') },
          { year: 2021, amount: yi('200') },
        ],
      },
      { type: 'StartConstruction', projectId: byway, startedOn: day('2020-06-08') },
      {
        type: 'DisburseFunds',
        projectId: byway,
        disbursementId: 'd-2020-07-1',
        amount: yuan('1000000000.10'),
        source: 'special_bonds',
        paidOn: day('2020-07-10'),
        payee: '吉林省高速公路集团有限公司',
      },
      {
        type: 'DisburseFunds',
        projectId: byway,
        disbursementId: 'd-2020-08-1',
        amount: yuan('500000000.20'),
        source: 'bank_credit',
        paidOn: day('2020-08-10'),
        payee: '吉林省高速公路集团有限公司',
      },
      { type: 'RecordMilestoneMet', projectId: byway, kind: 'land_use', metOn: day('2020-05-30') },
    ]),
  );
  const plant = pid('changchun-no6-water-plant');
  streams.set(
    plant,
    decideAll(take(plant), [
      {
        type: 'RateProjectMaturity',
        projectId: plant,
        rating: 'A',
        ratedOn: day('2020-04-20'),
        basis: '前期手续齐全',
      },
      {
        type: 'ApproveProject',
        projectId: plant,
        authority: '长春市发展和改革委员会',
        documentNumber: '长发改〔2020〕12号',
        approvedInvestment: yuan('300000000.00'),
        approvedOn: day('2020-05-01'),
      },
      { type: 'StartConstruction', projectId: plant, startedOn: day('2020-05-15') },
      {
        type: 'SuspendProject',
        projectId: plant,
        suspendedOn: day('2020-07-01'),
        reason: '汛期停工',
      },
      { type: 'ResumeProject', projectId: plant, resumedOn: day('2020-09-01') },
      {
        type: 'DisburseFunds',
        projectId: plant,
        disbursementId: 'p-1',
        amount: yuan('120000000.00'),
        source: 'city_county_self_raised',
        paidOn: day('2020-09-15'),
        payee: '长春水务集团',
      },
      { type: 'CompleteProject', projectId: plant, completedOn: day('2021-10-30') },
      {
        type: 'RecordMilestoneMet',
        projectId: plant,
        kind: 'commissioning',
        metOn: day('2021-11-15'),
      },
    ]),
  );
  const smartGas = pid('tonghua-smart-gas');
  streams.set(
    smartGas,
    decideAll(take(smartGas), [
      {
        type: 'CancelProject',
        projectId: smartGas,
        cancelledOn: day('2021-03-01'),
        reason: '并入全市智慧燃气平台',
      },
    ]),
  );
  const proposed = pid('jilin-city-heating-network-renewal');
  const proposal = decideAll(
    [],
    [
      {
        type: 'ProposeProject',
        projectId: proposed,
        nameZh: '吉林市供热管网改造',
        nameEn: 'Jilin City heating network renewal',
        networkCode: 'municipal',
        categoryCode: 'heating',
        tags: [],
        regionCode: 'jilin-city',
        responsibleUnit: '吉林市热力集团',
        constructionNature: 'reconstruction',
        plannedTotalInvestment: yuan('0.30'),
        fundingPlan: [
          { source: 'special_bonds', amount: yuan('0.10') },
          { source: 'bank_credit', amount: yuan('0.20') },
        ],
        plannedStart: day('2021-04-01'),
        plannedEnd: day('2022-10-31'),
        annualInvestmentPlan: [{ year: 2021, amount: yuan('0.10') }],
        synthetic: false,
      },
    ],
  );
  const result = [...streams.values()].map((events): ProjectHistory => ({ events }));
  result.push({ events: proposal, lastRecordedAt: new Date('2021-03-02T08:00:00Z') });
  const bywayHistory = result.find((h) => h.events[0]?.data.projectId === byway)!;
  bywayHistory.reports = [
    report(byway, '2020-07', '1000000000.10', '1.50'),
    report(byway, '2020-08', '1500000000.30', '2.10'),
    report(byway, '2020-08', '1500000000.30', '2.25', { reason: '更正形象进度', revision: 0 }),
    {
      type: 'DispatchReportOverdue',
      data: { projectId: byway, period: '2020-09', dueOn: '2020-10-12', recordedOn: '2020-10-13' },
    },
  ];
  return result;
}

const OPTIONS = {
  uri: 'https://example.org/open-data/jilin-761/oc4ids.json',
  publisher: { name: '吉林省发展和改革委员会' },
  publishedDate: '2021-12-01T00:00:00+08:00',
};

describe('OC4IDS export of the seeded 761 plan', () => {
  const validate = packageValidator();
  const all = histories();
  const reference = seedReference();
  const pkg = exportProjectPackage(all, reference, OPTIONS);
  // What a consumer gets: the JSON text, parsed back.
  const published = JSON.parse(JSON.stringify(pkg)) as { [key: string]: Json };
  const projects = (published.projects as Json[]).filter(isObject);

  it('the validator is set up right: the official example passes and a broken copy fails', () => {
    const example = readJson('example.json');
    expect(describeErrors(validate(example) ? [] : validate.errors)).toEqual([]);
    const broken = JSON.parse(JSON.stringify(example)) as { projects: Array<{ status: string }> };
    broken.projects[0]!.status = 'suspended';
    expect(validate(broken)).toBe(false);
  });

  it('Given every seeded project, When exported, Then the package validates with zero errors', () => {
    const ok = validate(published);
    expect(describeErrors(ok ? [] : validate.errors)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('exports every seeded project, and the proposed one, each under the prefixed id', () => {
    expect(projects).toHaveLength(seededProjectStreams().size + 1);
    for (const history of all) {
      const first = history.events[0]!;
      if (first.type !== 'ProjectListedInPlan' && first.type !== 'ProjectProposed') {
        throw new Error(`a stream starts with ${first.type}`);
      }
      const project = projects.find((p) => p.id === `oc4ids-jl761p-${first.data.projectId}`);
      expect(project).toBeDefined();
      expect(project!.title).toBe(first.data.nameZh);
    }
  });

  it('every party, finance party, payer, payee and milestone a project references exists in that project', () => {
    expect(projects.flatMap(danglingReferences)).toEqual([]);
  });

  it('the optional parts are really exercised: finance, transactions, milestones, metrics', () => {
    const has = (field: string): number => projects.filter((p) => p[field] !== undefined).length;
    expect(has('transactions')).toBeGreaterThanOrEqual(2);
    expect(has('milestones')).toBeGreaterThanOrEqual(3);
    expect(has('metrics')).toBeGreaterThanOrEqual(1);
    expect(projects.some((p) => isObject(p.budget) && Array.isArray(p.budget.finance))).toBe(true);
  });

  it('transaction amounts add up, to the fen, to what the decider recorded as disbursed', () => {
    for (const history of all) {
      const state = history.events.reduce(evolveProject, initialProjectState);
      if (state.status === 'none') throw new Error('no project');
      const project = projects.find((p) =>
        text(p.id).endsWith(`-${history.events[0]!.data.projectId}`),
      )!;
      const transactions = Array.isArray(project.transactions) ? project.transactions : [];
      const published = sumFen(
        transactions.filter(isObject).map((t) => {
          const value = t.value as { amount: number };
          // Back from the JSON number through its two-decimal text, never by arithmetic.
          return yuan(value.amount.toFixed(2));
        }),
      );
      expect(formatYuan(published)).toBe(formatYuan(state.disbursed));
    }
  });

  it('leaves synthetic projects out unless asked, and marks them when included', () => {
    const synthetic: ProjectHistory = {
      events: decideAll(
        [],
        [
          {
            type: 'ListProjectFromPlan',
            projectId: pid('synthetic-info-0001'),
            nameZh: '合成项目',
            nameEn: null,
            networkCode: 'info',
            categoryCode: null,
            tags: [],
            regionCodes: [],
            plannedTotalInvestment: null,
            source: { document: 'none', line: 1, quote: 'none' },
            synthetic: true,
            fundingSourceCodes: [],
            sharedInvestment: null,
          },
        ],
      ),
    };
    const real = all[0]!;
    expect(exportProjectPackage([real, synthetic], reference, OPTIONS).projects).toHaveLength(1);
    const marked = exportProjectPackage([real, synthetic], reference, {
      ...OPTIONS,
      includeSynthetic: true,
    }).projects[1]!;
    expect(marked.additionalClassifications).toContainEqual(
      expect.objectContaining({ id: 'synthetic' }),
    );
  });
});

import { fen, formatYuan, parseYuan, sumFen } from '@ledger/domain-kernel';
import { ProjectStatus } from '../project/domain/project-vocabulary';
import { ProjectCommand, ProposeProject } from '../project/domain/project.commands';
import { ProjectEvent } from '../project/domain/project.events';
import { cny, percentOf, toOc4idsAmount } from './oc4ids-money';
import { checkDebtClassification } from './oc4ids-package';
import { DEFAULT_PROJECT_ID_PREFIX, mapProjectToOc4ids, oc4idsStatus } from './oc4ids-project';
import { Oc4idsProject } from './oc4ids.types';
import { ProgrammeReference } from './programme-reference';
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

// ---------------------------------------------------------------------------------------------
// Given / When / Then
// ---------------------------------------------------------------------------------------------

const reference = seedReference();
const ID = pid('test-heating-renewal');

function proposal(overrides: Partial<ProposeProject> = {}): ProposeProject {
  return {
    type: 'ProposeProject',
    projectId: ID,
    nameZh: '测试供热管网改造',
    nameEn: null,
    networkCode: 'municipal',
    categoryCode: 'heating',
    tags: [],
    regionCode: 'jilin-city',
    responsibleUnit: '吉林市热力集团',
    constructionNature: 'reconstruction',
    plannedTotalInvestment: yuan('1000.00'),
    fundingPlan: [],
    plannedStart: day('2021-01-01'),
    plannedEnd: day('2022-12-31'),
    annualInvestmentPlan: [],
    synthetic: false,
    ...overrides,
  };
}

const approve = (amount = yuan('1000.00')): ProjectCommand => ({
  type: 'ApproveProject',
  projectId: ID,
  authority: '吉林市发展和改革委员会',
  documentNumber: '吉市发改〔2021〕1号',
  approvedInvestment: amount,
  approvedOn: day('2021-02-01'),
});
const start: ProjectCommand = {
  type: 'StartConstruction',
  projectId: ID,
  startedOn: day('2021-03-01'),
};

/** Given these commands were decided, when the project is exported, then... */
function given(
  commands: readonly ProjectCommand[],
  reports = [] as Parameters<typeof report>[],
): {
  then: Oc4idsProject;
  events: ProjectEvent[];
} {
  const events = decideAll([], commands);
  return {
    events,
    then: mapProjectToOc4ids({ events, reports: reports.map((r) => report(...r)) }, reference, {
      idPrefix: DEFAULT_PROJECT_ID_PREFIX,
    }),
  };
}

const json = (value: unknown): string => JSON.stringify(value);

describe('status: our lifecycle on the closed OC4IDS projectStatus codelist', () => {
  it('Given a project only named in the plan, Then it is in identification', () => {
    const listed = seededProjectStreams().values().next().value as ProjectEvent[];
    const project = mapProjectToOc4ids({ events: listed }, reference, {
      idPrefix: DEFAULT_PROJECT_ID_PREFIX,
    });
    expect(project.status).toBe('identification');
  });

  it.each<[string, ProjectCommand[], string]>([
    ['proposed with a plan', [proposal()], 'preparation'],
    ['approved (budget authorised, works not started)', [proposal(), approve()], 'implementation'],
    ['under construction', [proposal(), approve(), start], 'implementation'],
    [
      'completed',
      [
        proposal(),
        approve(),
        start,
        { type: 'CompleteProject', projectId: ID, completedOn: day('2022-06-30') },
      ],
      'completion',
    ],
    [
      'cancelled',
      [
        proposal(),
        { type: 'CancelProject', projectId: ID, cancelledOn: day('2021-01-15'), reason: '并项' },
      ],
      'cancelled',
    ],
  ])('Given a project %s, Then its status is %s', (_what, commands, expected) => {
    expect(given(commands).then.status).toBe(expected);
  });

  it('Given a suspended project, Then it keeps the phase it interrupted and shows the suspension as a milestone', () => {
    const { then } = given([
      proposal(),
      approve(),
      start,
      { type: 'SuspendProject', projectId: ID, suspendedOn: day('2021-07-01'), reason: '汛期停工' },
    ]);
    expect(then.status).toBe('implementation');
    expect(then.milestones).toContainEqual(
      expect.objectContaining({
        status: 'met',
        description: '汛期停工',
        dateMet: '2021-07-01T00:00:00+08:00',
      }),
    );
  });

  it('maps every status of the ledger to a code of the schema enum', () => {
    const schemaCodes = [
      'identification',
      'preparation',
      'implementation',
      'completion',
      'maintenance',
      'decommissioning',
      'decommissioned',
      'cancelled',
    ];
    const statuses: ProjectStatus[] = [
      'proposed',
      'approved',
      'under_construction',
      'suspended',
      'completed',
      'cancelled',
    ];
    for (const status of statuses) {
      for (const resumeTo of [null, 'approved', 'under_construction'] as const) {
        expect(schemaCodes).toContain(oc4idsStatus(status, resumeTo, true));
        expect(schemaCodes).toContain(oc4idsStatus(status, resumeTo, false));
      }
    }
  });

  it('Given construction started and completed, Then the implementation period and completion carry the dates', () => {
    const { then } = given([
      proposal(),
      approve(),
      start,
      { type: 'CompleteProject', projectId: ID, completedOn: day('2022-06-30') },
    ]);
    expect(then.implementationPeriod).toEqual({
      startDate: '2021-03-01T00:00:00+08:00',
      endDate: '2022-06-30T00:00:00+08:00',
    });
    expect(then.completion).toEqual({ endDate: '2022-06-30T00:00:00+08:00' });
  });
});

describe('money: exact fen in, exact decimal text out', () => {
  it('Given funding lines of 0.10 and 0.20 yuan, Then the budget is 0.3 and its lines are 0.1 and 0.2, in the JSON text too', () => {
    const { then } = given([
      proposal({
        plannedTotalInvestment: yuan('0.30'),
        fundingPlan: [
          { source: 'special_bonds', amount: yuan('0.10') },
          { source: 'bank_credit', amount: yuan('0.20') },
        ],
      }),
    ]);
    expect(json(then.budget?.amount)).toBe('{"amount":0.3,"currency":"CNY"}');
    const lines = then.budget?.budgetBreakdowns?.[0]?.budgetBreakdown ?? [];
    const amounts = lines.map((l) => json(l.amount?.amount)).sort();
    expect(amounts).toEqual(['0.1', '0.2']);
    // Summed back from the published text as fen: exactly the total, where 0.1 + 0.2 in floats is not 0.3.
    expect(sumFen(lines.map((l) => parseYuan(l.amount!.amount.toFixed(2), 'line')))).toBe(
      yuan('0.30'),
    );
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  it('Given disbursements of 0.10 and 0.20 and a report of 0.30 cumulative, Then financial progress is exactly 100.00 percent', () => {
    const { then } = given(
      [
        proposal({ plannedTotalInvestment: yuan('0.30') }),
        approve(yuan('0.30')),
        {
          type: 'DisburseFunds',
          projectId: ID,
          disbursementId: 'a',
          amount: yuan('0.10'),
          source: 'central_budget',
          paidOn: day('2021-02-10'),
          payee: '吉林市热力集团',
        },
        {
          type: 'DisburseFunds',
          projectId: ID,
          disbursementId: 'b',
          amount: yuan('0.20'),
          source: 'central_budget',
          paidOn: day('2021-02-11'),
          payee: '吉林市热力集团',
        },
      ],
      [[ID, '2021-02', '0.30', '10.00']],
    );
    expect(then.transactions?.map((t) => json(t.value.amount))).toEqual(['0.1', '0.2']);
    const financial = then.metrics?.find((m) => m.id === 'financialProgress');
    expect(financial?.observations[0]?.measure).toBe('100.00');
    expect(json(financial?.observations[0]?.value)).toBe('{"amount":0.3,"currency":"CNY"}');
  });

  it.each<[string, string]>([
    ['10962 亿元 and one fen', '1096200000000.01'],
    ['just under the exact limit', '9999999999999.99'],
    ['one fen', '0.01'],
    ['a whole amount', '300000000.00'],
  ])('Given %s, Then the JSON number prints the same decimal digits', (_what, text) => {
    const printed = JSON.stringify(toOc4idsAmount(yuan(text)));
    expect(
      parseYuan(
        printed.includes('.') ? printed.padEnd(printed.indexOf('.') + 3, '0') : printed,
        'printed',
      ),
    ).toBe(yuan(text));
  });

  it('Given an amount a double cannot print exactly, Then the export refuses it rather than rounding', () => {
    expect(() => toOc4idsAmount(fen(10n ** 15n))).toThrow(RangeError);
    expect(() => cny(yuan('90071992547409.93'))).toThrow(RangeError);
  });

  it('computes percentages in bigint, rounding half up', () => {
    expect(percentOf(yuan('1.00'), yuan('3.00'))).toBe('33.33');
    expect(percentOf(yuan('2.00'), yuan('3.00'))).toBe('66.67');
    expect(percentOf(yuan('0.30'), yuan('0.30'))).toBe('100.00');
    expect(percentOf(yuan('1.00'), null)).toBeNull();
    expect(percentOf(yuan('1.00'), yuan('0.00'))).toBeNull();
  });
});

describe('finance: bonds and loans as debt, the plan’s own classification checked', () => {
  const funded = (): Oc4idsProject =>
    given([
      proposal({
        plannedTotalInvestment: yi('3'),
        fundingPlan: [
          { source: 'special_bonds', amount: yi('1') },
          { source: 'bank_credit', amount: yi('1') },
          { source: 'central_budget', amount: yi('1') },
        ],
      }),
    ]).then;

  it('Given special bonds, bank credit and central funds, Then bonds and loans are debt finance, central funds only a budget line', () => {
    const finance = funded().budget?.finance ?? [];
    expect(finance.map((f) => [f.id, f.assetClass, f.type])).toEqual(
      expect.arrayContaining([
        ['finance-special_bonds', ['debt'], 'bond'],
        ['finance-bank_credit', ['debt'], 'loan'],
      ]),
    );
    expect(finance).toHaveLength(2);
    const lines = funded().budget?.budgetBreakdowns?.[0]?.budgetBreakdown.map((l) => l.id);
    expect(lines).toEqual(
      expect.arrayContaining(['special_bonds', 'bank_credit', 'central_budget']),
    );
  });

  it('Then every source party and financing party is a party with the role the schema asks for', () => {
    const project = funded();
    const parties = new Map(project.parties?.map((p) => [p.id, p.roles]));
    for (const line of project.budget?.budgetBreakdowns?.[0]?.budgetBreakdown ?? []) {
      expect(parties.get(line.sourceParty!.id)).toContain('sourceParty');
    }
    for (const f of project.budget?.finance ?? []) {
      expect(parties.get(f.financingParty.id)).toContain('funder');
    }
  });

  it('agrees with the seeded plan on which sources are debt', () => {
    const debtInPlan = [...reference.fundingSources.values()]
      .filter((f) => f.isDebt)
      .map((f) => f.code);
    expect(debtInPlan.sort()).toEqual(['bank_credit', 'special_bonds']);
    expect(() => checkDebtClassification(reference)).not.toThrow();
  });

  it('Given a plan that calls central funds debt, Then the export refuses to publish', () => {
    const fundingSources = new Map(reference.fundingSources);
    fundingSources.set('central_budget', {
      ...fundingSources.get('central_budget')!,
      isDebt: true,
    });
    const changed: ProgrammeReference = { ...reference, fundingSources };
    expect(() => checkDebtClassification(changed)).toThrow(/central_budget/);
  });
});

describe('parties, milestones and reports', () => {
  it('Given a payee that is a registered department, Then it is that department’s party with both roles', () => {
    const { then } = given([
      proposal(),
      approve(),
      {
        type: 'DisburseFunds',
        projectId: ID,
        disbursementId: 'x',
        amount: yuan('1.00'),
        source: 'provincial_budget',
        paidOn: day('2021-02-10'),
        payee: '省住房城乡建设厅',
      },
    ]);
    const department = then.parties?.find((p) => p.name === '省住房城乡建设厅');
    expect(department?.roles.sort()).toEqual(['payee', 'publicAuthority']);
    expect(then.transactions?.[0]?.payee.id).toBe(department?.id);
  });

  it('Given a scheduled and then met commencement, Then one milestone carries both dates', () => {
    const { then } = given([
      proposal(),
      {
        type: 'ScheduleMilestone',
        projectId: ID,
        kind: 'commencement',
        plannedOn: day('2021-02-20'),
      },
      approve(),
      start,
    ]);
    const commencement = then.milestones?.filter((m) => m.id === 'commencement');
    expect(commencement).toEqual([
      expect.objectContaining({
        dueDate: '2021-02-20T00:00:00+08:00',
        dateMet: '2021-03-01T00:00:00+08:00',
        status: 'met',
      }),
    ]);
  });

  it('Given a report and its correction, Then the correction is the observation; an overdue month adds none', () => {
    const events = decideAll([], [proposal(), approve(), start]);
    const project = mapProjectToOc4ids(
      {
        events,
        reports: [
          report(ID, '2021-03', '100.00', '5.00'),
          report(ID, '2021-03', '120.00', '6.50', { reason: '漏报', revision: 0 }),
          {
            type: 'DispatchReportOverdue',
            data: {
              projectId: ID,
              period: '2021-04',
              dueOn: '2021-05-10',
              recordedOn: '2021-05-11',
            },
          },
        ],
      },
      reference,
      { idPrefix: DEFAULT_PROJECT_ID_PREFIX },
    );
    const physical = project.metrics?.find((m) => m.id === 'physicalProgress')?.observations;
    expect(physical?.map((o) => [o.id, o.measure])).toEqual([['physical-2021-03', '6.50']]);
    expect(physical?.[0]?.period).toEqual({
      startDate: '2021-03-01T00:00:00+08:00',
      endDate: '2021-03-31T00:00:00+08:00',
    });
    const financial = project.metrics?.find((m) => m.id === 'financialProgress')?.observations;
    expect(formatYuan(parseYuan(financial![0]!.value!.amount.toFixed(2), 'x'))).toBe('120.00');
    expect(financial?.[0]?.measure).toBe('12.00');
  });

  it('Given a correction that restates the next month, Then that month observes the restated total', () => {
    const events = decideAll([], [proposal(), approve(), start]);
    const project = mapProjectToOc4ids(
      {
        events,
        reports: [
          report(ID, '2021-03', '100.00', '5.00'),
          report(ID, '2021-04', '200.00', '9.00'),
          report(ID, '2021-03', '150.00', '5.00', { reason: '漏报', revision: 0 }),
          {
            type: 'DispatchReportCumulativeRestated',
            data: {
              projectId: ID,
              period: '2021-04',
              cumulativeInvestment: '250.00',
              previousCumulativeInvestment: '200.00',
              restatedOn: '2021-05-12',
              correctionOf: { period: '2021-03', revision: 0 },
            },
          },
        ],
      },
      reference,
      { idPrefix: DEFAULT_PROJECT_ID_PREFIX },
    );
    const financial = project.metrics?.find((m) => m.id === 'financialProgress')?.observations;
    expect(financial?.map((o) => [o.id, o.measure])).toEqual([
      ['financial-2021-03', '15.00'],
      ['financial-2021-04', '25.00'],
    ]);
  });

  it('rejects an unregistered-looking id prefix', () => {
    const events = decideAll([], [proposal()]);
    expect(() => mapProjectToOc4ids({ events }, reference, { idPrefix: 'jl761' })).toThrow(
      /prefix/,
    );
  });
});

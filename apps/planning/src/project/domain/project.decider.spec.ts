import {
  Fen,
  LocalDate,
  fold,
  formatYuan,
  parseLocalDate,
  parseYi,
  parseYuan,
} from '@ledger/domain-kernel';
import { ProjectId, isProjectId, projectStreamId } from './project-id';
import { FundingSource, MaturityRating, MilestoneKind, ProjectStatus } from './project-vocabulary';
import {
  AdjustProjectPlan,
  ListProjectFromPlan,
  ProjectCommand,
  ProposeProject,
} from './project.commands';
import { ProjectRule } from './project.decide';
import { projectDecider } from './project.decider';
import { deciderSpecification } from '@ledger/testing';
import {
  FundsDisbursed,
  MilestoneMet,
  MilestoneScheduled,
  PlanChanges,
  ProjectApproved,
  ProjectCancelled,
  ProjectCompleted,
  ProjectEvent,
  ProjectListedInPlan,
  ProjectPlanAdjusted,
  ProjectProposed,
  ProjectResumed,
  ProjectSuspended,
  ConstructionStarted,
  ProjectMaturityRated,
} from './project.events';
import { ExistingProject, ProjectState } from './project.state';

// ---------------------------------------------------------------------------------------------
// Given / When / Then
// ---------------------------------------------------------------------------------------------

/** Every rule code the decider can refuse with; a new code fails to compile until listed here. */
const ALL_RULES: Record<ProjectRule, true> = {
  PROJECT_ALREADY_EXISTS: true,
  PROJECT_NOT_FOUND: true,
  INVALID_TRANSITION: true,
  END_BEFORE_START: true,
  FUNDING_PLAN_MISMATCH: true,
  ANNUAL_PLAN_EXCEEDS_TOTAL: true,
  ANNUAL_PLAN_OUTSIDE_SCHEDULE: true,
  DISBURSEMENT_BEFORE_APPROVAL: true,
  DISBURSEMENT_EXCEEDS_APPROVED: true,
  DUPLICATE_DISBURSEMENT: true,
  DATE_BEFORE_APPROVAL: true,
  DATE_BEFORE_SUSPENSION: true,
  PLANNED_BELOW_DISBURSED: true,
  COMPLETION_BEFORE_COMMENCEMENT: true,
  MILESTONE_ALREADY_MET: true,
  MILESTONE_BEFORE_COMMENCEMENT: true,
  APPROVED_BELOW_DISBURSED: true,
  NOTHING_TO_ADJUST: true,
  MATURITY_RATING_MUNICIPAL_ONLY: true,
};

/** One Given/When/Then harness for every decider; `rulesSeen` is checked by the last test. */
const { given, rulesSeen } = deciderSpecification(projectDecider);

function existing(state: ProjectState): ExistingProject {
  if (state.status === 'none') throw new Error('expected an existing project');
  return state;
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

function asProjectId(text: string): ProjectId {
  if (!isProjectId(text)) throw new Error(`not a project id: ${text}`);
  return text;
}

const ID = asProjectId('p-1');
const yuan = (text: string): Fen => parseYuan(text, 'test amount');
const day = (text: string): LocalDate => parseLocalDate(text, 'test date');

// The plan: 1000.00 yuan, 2024-01-01..2026-12-31, approved 800.00 on 2024-03-01.

const propose = (overrides: Partial<ProposeProject> = {}): ProposeProject => ({
  type: 'ProposeProject',
  projectId: ID,
  nameZh: '长春市地下综合管廊',
  nameEn: 'Changchun utility tunnel',
  networkCode: 'municipal',
  categoryCode: 'utility_tunnel',
  tags: ['tunnel', 'smart'],
  regionCode: '220100',
  responsibleUnit: '长春市住房和城乡建设局',
  constructionNature: 'new_build',
  plannedTotalInvestment: yuan('1000.00'),
  fundingPlan: [
    { source: 'central_budget', amount: yuan('600.00') },
    { source: 'special_bonds', amount: yuan('400.00') },
  ],
  plannedStart: day('2024-01-01'),
  plannedEnd: day('2026-12-31'),
  annualInvestmentPlan: [
    { year: 2025, amount: yuan('500.00') },
    { year: 2024, amount: yuan('300.00') },
  ],
  synthetic: false,
  ...overrides,
});

const proposed = (overrides: Partial<ProjectProposed['data']> = {}): ProjectProposed => ({
  type: 'ProjectProposed',
  data: {
    projectId: ID,
    nameZh: '长春市地下综合管廊',
    nameEn: 'Changchun utility tunnel',
    networkCode: 'municipal',
    categoryCode: 'utility_tunnel',
    tags: ['smart', 'tunnel'],
    regionCode: '220100',
    responsibleUnit: '长春市住房和城乡建设局',
    constructionNature: 'new_build',
    plannedTotalInvestment: '1000.00',
    fundingPlan: [
      { source: 'central_budget', amount: '600.00' },
      { source: 'special_bonds', amount: '400.00' },
    ],
    plannedStart: '2024-01-01',
    plannedEnd: '2026-12-31',
    annualInvestmentPlan: [
      { year: 2024, amount: '300.00' },
      { year: 2025, amount: '500.00' },
    ],
    synthetic: false,
    ...overrides,
  },
});

const source = { document: '吉政发〔2020〕6号', line: 42, quote: '长春市地下综合管廊' };

const listFromPlan = (overrides: Partial<ListProjectFromPlan> = {}): ListProjectFromPlan => ({
  type: 'ListProjectFromPlan',
  projectId: ID,
  nameZh: '长春市地下综合管廊',
  nameEn: null,
  networkCode: 'municipal',
  categoryCode: null,
  tags: ['zeta', 'alpha'],
  regionCodes: ['220100', '220200'],
  plannedTotalInvestment: null,
  source,
  synthetic: false,
  fundingSourceCodes: [],
  sharedInvestment: null,
  ...overrides,
});

const listed = (overrides: Partial<ProjectListedInPlan['data']> = {}): ProjectListedInPlan => ({
  type: 'ProjectListedInPlan',
  data: {
    projectId: ID,
    nameZh: '长春市地下综合管廊',
    nameEn: null,
    networkCode: 'municipal',
    categoryCode: null,
    tags: ['alpha', 'zeta'],
    regionCodes: ['220100', '220200'],
    plannedTotalInvestment: null,
    source,
    synthetic: false,
    fundingSourceCodes: [],
    sharedInvestment: null,
    ...overrides,
  },
});

const approve = (amount = '800.00', on = '2024-03-01'): ProjectCommand => ({
  type: 'ApproveProject',
  projectId: ID,
  authority: '吉林省发展和改革委员会',
  documentNumber: '吉发改审批〔2024〕12号',
  approvedInvestment: yuan(amount),
  approvedOn: day(on),
});
const approved = (amount = '800.00', on = '2024-03-01'): ProjectApproved => ({
  type: 'ProjectApproved',
  data: {
    projectId: ID,
    authority: '吉林省发展和改革委员会',
    documentNumber: '吉发改审批〔2024〕12号',
    approvedInvestment: amount,
    approvedOn: on,
    validAt: on,
  },
});

const start = (on = '2024-04-01'): ProjectCommand => ({
  type: 'StartConstruction',
  projectId: ID,
  startedOn: day(on),
});
const started = (on = '2024-04-01'): ConstructionStarted => ({
  type: 'ConstructionStarted',
  data: { projectId: ID, startedOn: on, validAt: on },
});

const complete = (on = '2026-10-01'): ProjectCommand => ({
  type: 'CompleteProject',
  projectId: ID,
  completedOn: day(on),
});
const completed = (on = '2026-10-01'): ProjectCompleted => ({
  type: 'ProjectCompleted',
  data: { projectId: ID, completedOn: on, validAt: on },
});

const suspend = (on = '2024-06-01', reason = '环评整改'): ProjectCommand => ({
  type: 'SuspendProject',
  projectId: ID,
  suspendedOn: day(on),
  reason,
});
const suspended = (on = '2024-06-01', reason = '环评整改'): ProjectSuspended => ({
  type: 'ProjectSuspended',
  data: { projectId: ID, suspendedOn: on, reason, validAt: on },
});

const resume = (on = '2024-07-01'): ProjectCommand => ({
  type: 'ResumeProject',
  projectId: ID,
  resumedOn: day(on),
});
const resumed = (on = '2024-07-01'): ProjectResumed => ({
  type: 'ProjectResumed',
  data: { projectId: ID, resumedOn: on, validAt: on },
});

const cancel = (on = '2024-08-01', reason = '规划调整'): ProjectCommand => ({
  type: 'CancelProject',
  projectId: ID,
  cancelledOn: day(on),
  reason,
});
const cancelled = (on = '2024-08-01', reason = '规划调整'): ProjectCancelled => ({
  type: 'ProjectCancelled',
  data: { projectId: ID, cancelledOn: on, reason, validAt: on },
});

const disburse = (
  disbursementId: string,
  amount: string,
  paidOn = '2024-05-01',
  fundingSource: FundingSource = 'central_budget',
): ProjectCommand => ({
  type: 'DisburseFunds',
  projectId: ID,
  disbursementId,
  amount: yuan(amount),
  source: fundingSource,
  paidOn: day(paidOn),
  payee: '中建八局',
});
const disbursed = (
  disbursementId: string,
  amount: string,
  paidOn = '2024-05-01',
  fundingSource: FundingSource = 'central_budget',
): FundsDisbursed => ({
  type: 'FundsDisbursed',
  data: {
    projectId: ID,
    disbursementId,
    amount,
    source: fundingSource,
    paidOn,
    payee: '中建八局',
    validAt: paidOn,
  },
});

const adjust = (
  fields: Omit<AdjustProjectPlan, 'type' | 'projectId' | 'adjustedOn' | 'reason'>,
): AdjustProjectPlan => ({
  type: 'AdjustProjectPlan',
  projectId: ID,
  adjustedOn: day('2024-09-01'),
  reason: '概算调整',
  ...fields,
});
const adjusted = (changes: PlanChanges, previous: PlanChanges): ProjectPlanAdjusted => ({
  type: 'ProjectPlanAdjusted',
  data: {
    projectId: ID,
    adjustedOn: '2024-09-01',
    reason: '概算调整',
    changes,
    previous,
    validAt: '2024-09-01',
  },
});

const schedule = (kind: MilestoneKind, on: string): ProjectCommand => ({
  type: 'ScheduleMilestone',
  projectId: ID,
  kind,
  plannedOn: day(on),
});
const scheduled = (kind: MilestoneKind, on: string): MilestoneScheduled => ({
  type: 'MilestoneScheduled',
  data: { projectId: ID, kind, plannedOn: on },
});

const meet = (kind: MilestoneKind, on: string): ProjectCommand => ({
  type: 'RecordMilestoneMet',
  projectId: ID,
  kind,
  metOn: day(on),
});
const met = (kind: MilestoneKind, on: string): MilestoneMet => ({
  type: 'MilestoneMet',
  data: { projectId: ID, kind, metOn: on, validAt: on },
});

const rate = (rating: MaturityRating, on = '2024-02-01'): ProjectCommand => ({
  type: 'RateProjectMaturity',
  projectId: ID,
  rating,
  ratedOn: day(on),
  basis: '前期手续齐备',
});
const rated = (rating: MaturityRating, on = '2024-02-01'): ProjectMaturityRated => ({
  type: 'ProjectMaturityRated',
  data: { projectId: ID, rating, ratedOn: on, basis: '前期手续齐备', validAt: on },
});

/** Histories that leave the project in each status. */
const HISTORY: Record<ProjectStatus, ProjectEvent[]> = {
  proposed: [proposed()],
  approved: [proposed(), approved()],
  under_construction: [proposed(), approved(), started()],
  suspended: [proposed(), approved(), started(), suspended()],
  completed: [proposed(), approved(), started(), completed()],
  cancelled: [proposed(), cancelled()],
};

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('project id', () => {
  it('accepts lower-case ids of 3 to 80 characters that start with a letter or digit', () => {
    expect(isProjectId('p-1')).toBe(true);
    expect(isProjectId('761-jl-0001')).toBe(true);
    expect(isProjectId('a'.repeat(80))).toBe(true);
  });

  it('rejects ids that are too short, too long, upper case, start with "-" or are not strings', () => {
    expect(isProjectId('p1')).toBe(false);
    expect(isProjectId('a'.repeat(81))).toBe(false);
    expect(isProjectId('P-1')).toBe(false);
    expect(isProjectId('-p1')).toBe(false);
    expect(isProjectId('p_1')).toBe(false);
    expect(isProjectId(123)).toBe(false);
    expect(isProjectId(null)).toBe(false);
  });

  it('names the stream of a project "project-<id>"', () => {
    expect(projectStreamId(ID)).toBe('project-p-1');
  });
});

describe('projectDecider', () => {
  it('starts from a state where no project exists', () => {
    expect(projectDecider.initialState).toEqual({ status: 'none' });
  });

  it('folds like the kernel fold()', () => {
    const history = [...HISTORY.suspended, resumed()];
    expect(fold(projectDecider, history)).toEqual(given(...history).state);
    expect(existing(fold(projectDecider, history)).status).toBe('under_construction');
  });

  it('ignores an event for a project that never began', () => {
    expect(given(approved(), started(), disbursed('d-1', '1.00')).state).toEqual({
      status: 'none',
    });
  });

  it('does not mutate the state it decides on', () => {
    const { state } = given(...HISTORY.under_construction, disbursed('d-1', '100.00'));
    const before = structuredClone(state);
    projectDecider.decide(disburse('d-2', '50.00'), state);
    projectDecider.decide(adjust({ plannedEnd: day('2026-12-30') }), state);
    expect(state).toEqual(before);
  });
});

describe('ProposeProject', () => {
  it('proposes a new project with tags and annual plan sorted and amounts as yuan strings', () => {
    given().when(propose()).then([proposed()]);
  });

  it('folds into a proposed project whose baseline and current plan are the proposal', () => {
    const state = existing(given().when(propose()).then([proposed()]));
    expect(state.status).toBe('proposed');
    expect(state.networkCode).toBe('municipal');
    expect(state.approvedOn).toBeNull();
    expect(state.disbursed).toBe(0n);
    expect(state.disbursementIds.size).toBe(0);
    expect(state.milestones.size).toBe(0);
    expect(state.startedOn).toBeNull();
    expect(state.completedOn).toBeNull();
    expect(state.maturity).toBeNull();
    expect(state.resumeTo).toBeNull();
    const plan = {
      plannedTotalInvestment: 100000n,
      approvedInvestment: null,
      plannedStart: '2024-01-01',
      plannedEnd: '2026-12-31',
      fundingPlan: [
        { source: 'central_budget', amount: '600.00' },
        { source: 'special_bonds', amount: '400.00' },
      ],
      annualInvestmentPlan: [
        { year: 2024, amount: '300.00' },
        { year: 2025, amount: '500.00' },
      ],
    };
    expect(state.baseline).toEqual(plan);
    expect(state.current).toEqual(plan);
  });

  it('keeps fen exactly: 123.45 yuan stays "123.45"', () => {
    given()
      .when(
        propose({
          plannedTotalInvestment: yuan('123.45'),
          fundingPlan: [
            { source: 'bank_credit', amount: yuan('123.4') },
            { source: 'ppp', amount: yuan('0.05') },
          ],
          annualInvestmentPlan: [{ year: 2024, amount: yuan('123.45') }],
        }),
      )
      .then([
        proposed({
          plannedTotalInvestment: '123.45',
          fundingPlan: [
            { source: 'bank_credit', amount: '123.40' },
            { source: 'ppp', amount: '0.05' },
          ],
          annualInvestmentPlan: [{ year: 2024, amount: '123.45' }],
        }),
      ]);
  });

  it('refuses a project id that already exists (PROJECT_ALREADY_EXISTS)', () => {
    given(proposed()).when(propose()).thenRejects('PROJECT_ALREADY_EXISTS');
  });

  it('refuses to propose over a project listed from the plan (PROJECT_ALREADY_EXISTS)', () => {
    given(listed()).when(propose()).thenRejects('PROJECT_ALREADY_EXISTS');
  });

  it('refuses a planned end before the planned start (END_BEFORE_START)', () => {
    given()
      .when(propose({ plannedStart: day('2024-01-02'), plannedEnd: day('2024-01-01') }))
      .thenRejects('END_BEFORE_START');
  });

  it('accepts a plan that starts and ends on the same day', () => {
    given()
      .when(
        propose({
          plannedStart: day('2024-06-30'),
          plannedEnd: day('2024-06-30'),
          annualInvestmentPlan: [],
        }),
      )
      .then([
        proposed({
          plannedStart: '2024-06-30',
          plannedEnd: '2024-06-30',
          annualInvestmentPlan: [],
        }),
      ]);
  });

  it('refuses a funding plan one fen short of the total (FUNDING_PLAN_MISMATCH)', () => {
    given()
      .when(
        propose({
          fundingPlan: [
            { source: 'central_budget', amount: yuan('600.00') },
            { source: 'special_bonds', amount: yuan('399.99') },
          ],
        }),
      )
      .thenRejects('FUNDING_PLAN_MISMATCH');
  });

  it('refuses a funding plan one fen over the total (FUNDING_PLAN_MISMATCH)', () => {
    given()
      .when(
        propose({
          fundingPlan: [
            { source: 'central_budget', amount: yuan('600.01') },
            { source: 'special_bonds', amount: yuan('400.00') },
          ],
        }),
      )
      .thenRejects('FUNDING_PLAN_MISMATCH');
  });

  it('accepts an empty funding plan (nothing to add up yet)', () => {
    given()
      .when(propose({ fundingPlan: [] }))
      .then([proposed({ fundingPlan: [] })]);
  });

  it('refuses an annual plan one fen above the total (ANNUAL_PLAN_EXCEEDS_TOTAL)', () => {
    given()
      .when(
        propose({
          annualInvestmentPlan: [
            { year: 2024, amount: yuan('500.00') },
            { year: 2025, amount: yuan('500.01') },
          ],
        }),
      )
      .thenRejects('ANNUAL_PLAN_EXCEEDS_TOTAL');
  });

  it('accepts an annual plan adding up exactly to the total', () => {
    given()
      .when(
        propose({
          annualInvestmentPlan: [
            { year: 2026, amount: yuan('0.01') },
            { year: 2024, amount: yuan('999.99') },
          ],
        }),
      )
      .then([
        proposed({
          annualInvestmentPlan: [
            { year: 2024, amount: '999.99' },
            { year: 2026, amount: '0.01' },
          ],
        }),
      ]);
  });

  it('refuses an annual amount after the planned end year (ANNUAL_PLAN_OUTSIDE_SCHEDULE)', () => {
    given()
      .when(propose({ annualInvestmentPlan: [{ year: 2027, amount: yuan('1.00') }] }))
      .thenRejects('ANNUAL_PLAN_OUTSIDE_SCHEDULE');
  });

  it('refuses an annual amount before the planned start year (ANNUAL_PLAN_OUTSIDE_SCHEDULE)', () => {
    given()
      .when(propose({ annualInvestmentPlan: [{ year: 2023, amount: yuan('1.00') }] }))
      .thenRejects('ANNUAL_PLAN_OUTSIDE_SCHEDULE');
  });
});

describe('ListProjectFromPlan', () => {
  it('lists a project the plan names, with sorted tags and where the plan names it', () => {
    given().when(listFromPlan()).then([listed()]);
  });

  it('states a plan amount given in 亿元 as yuan with two decimals', () => {
    given()
      .when(listFromPlan({ plannedTotalInvestment: parseYi('2116.85', 'amount'), synthetic: true }))
      .then([listed({ plannedTotalInvestment: '211685000000.00', synthetic: true })]);
  });

  it('folds into a proposed project with no dates, no funding and no annual plan', () => {
    const state = existing(
      given()
        .when(listFromPlan({ plannedTotalInvestment: yuan('5000.00') }))
        .then([listed({ plannedTotalInvestment: '5000.00' })]),
    );
    expect(state.status).toBe('proposed');
    expect(state.current).toEqual({
      plannedTotalInvestment: 500000n,
      approvedInvestment: null,
      plannedStart: null,
      plannedEnd: null,
      fundingPlan: [],
      annualInvestmentPlan: [],
    });
    expect(state.baseline).toEqual(state.current);
  });

  it('keeps a missing total as null', () => {
    const state = existing(given(listed()).state);
    expect(state.current.plannedTotalInvestment).toBeNull();
  });

  it('refuses to list a project id that already exists (PROJECT_ALREADY_EXISTS)', () => {
    given(proposed()).when(listFromPlan()).thenRejects('PROJECT_ALREADY_EXISTS');
    given(listed()).when(listFromPlan()).thenRejects('PROJECT_ALREADY_EXISTS');
  });

  it('can then be approved and have its schedule filled in, with no previous dates', () => {
    given(listed(), approved())
      .when(adjust({ plannedStart: day('2025-03-01'), plannedEnd: day('2027-11-30') }))
      .then([adjusted({ plannedStart: '2025-03-01', plannedEnd: '2027-11-30' }, {})]);
  });
});

describe('ApproveProject', () => {
  it('approves a proposed project', () => {
    given(proposed()).when(approve()).then([approved()]);
  });

  it('folds into an approved project with the amount in both baseline and current plan', () => {
    const state = existing(
      given(proposed())
        .when(approve('800.50'))
        .then([approved('800.50')]),
    );
    expect(state.status).toBe('approved');
    expect(state.approvedOn).toBe('2024-03-01');
    expect(state.baseline.approvedInvestment).toBe(80050n);
    expect(state.current.approvedInvestment).toBe(80050n);
  });

  it('approves a project listed from the plan', () => {
    given(listed()).when(approve()).then([approved()]);
  });

  it('refuses a project that does not exist (PROJECT_NOT_FOUND)', () => {
    given().when(approve()).thenRejects('PROJECT_NOT_FOUND');
  });

  it('refuses to approve twice (INVALID_TRANSITION)', () => {
    given(...HISTORY.approved)
      .when(approve())
      .thenRejects('INVALID_TRANSITION');
  });

  it.each<ProjectStatus>(['under_construction', 'suspended', 'completed', 'cancelled'])(
    'refuses to approve a project that is %s (INVALID_TRANSITION)',
    (status) => {
      const error = given(...HISTORY[status])
        .when(approve())
        .thenRejects('INVALID_TRANSITION');
      expect(error.message).toContain('allowed when proposed');
    },
  );
});

describe('StartConstruction', () => {
  it('starts construction of an approved project', () => {
    const state = existing(
      given(...HISTORY.approved)
        .when(start())
        .then([started()]),
    );
    expect(state.status).toBe('under_construction');
    expect(state.startedOn).toBe('2024-04-01');
  });

  it('starts on the day of approval', () => {
    given(...HISTORY.approved)
      .when(start('2024-03-01'))
      .then([started('2024-03-01')]);
  });

  it('refuses to start before approval (INVALID_TRANSITION)', () => {
    given(...HISTORY.proposed)
      .when(start())
      .thenRejects('INVALID_TRANSITION');
  });

  it('refuses a start dated the day before approval (DATE_BEFORE_APPROVAL)', () => {
    given(...HISTORY.approved)
      .when(start('2024-02-29'))
      .thenRejects('DATE_BEFORE_APPROVAL');
  });

  it.each<ProjectStatus>(['under_construction', 'suspended', 'completed', 'cancelled'])(
    'refuses to start a project that is %s (INVALID_TRANSITION)',
    (status) => {
      given(...HISTORY[status])
        .when(start())
        .thenRejects('INVALID_TRANSITION');
    },
  );

  it('refuses a project that does not exist (PROJECT_NOT_FOUND)', () => {
    given().when(start()).thenRejects('PROJECT_NOT_FOUND');
  });
});

describe('CompleteProject', () => {
  it('completes a project under construction', () => {
    const state = existing(
      given(...HISTORY.under_construction)
        .when(complete())
        .then([completed()]),
    );
    expect(state.status).toBe('completed');
    expect(state.completedOn).toBe('2026-10-01');
  });

  it('completes on the day construction started', () => {
    given(...HISTORY.under_construction)
      .when(complete('2024-04-01'))
      .then([completed('2024-04-01')]);
  });

  it('refuses to complete an approved project before construction started (COMPLETION_BEFORE_COMMENCEMENT)', () => {
    given(...HISTORY.approved)
      .when(complete())
      .thenRejects('COMPLETION_BEFORE_COMMENCEMENT');
  });

  it('refuses to complete a proposed project (COMPLETION_BEFORE_COMMENCEMENT)', () => {
    given(...HISTORY.proposed)
      .when(complete())
      .thenRejects('COMPLETION_BEFORE_COMMENCEMENT');
  });

  it('refuses a completion dated before construction started (COMPLETION_BEFORE_COMMENCEMENT)', () => {
    given(...HISTORY.under_construction)
      .when(complete('2024-03-31'))
      .thenRejects('COMPLETION_BEFORE_COMMENCEMENT');
  });

  it('refuses to complete twice (INVALID_TRANSITION)', () => {
    given(...HISTORY.completed)
      .when(complete())
      .thenRejects('INVALID_TRANSITION');
  });

  it('refuses to complete a suspended project (INVALID_TRANSITION)', () => {
    given(...HISTORY.suspended)
      .when(complete())
      .thenRejects('INVALID_TRANSITION');
  });

  it('refuses to complete a project cancelled during construction (INVALID_TRANSITION)', () => {
    given(...HISTORY.under_construction, cancelled())
      .when(complete())
      .thenRejects('INVALID_TRANSITION');
  });

  it('refuses a project that does not exist (PROJECT_NOT_FOUND)', () => {
    given().when(complete()).thenRejects('PROJECT_NOT_FOUND');
  });
});

describe('SuspendProject and ResumeProject', () => {
  it('suspends an approved project and resumes it back to approved', () => {
    const paused = existing(
      given(...HISTORY.approved)
        .when(suspend())
        .then([suspended()]),
    );
    expect(paused.status).toBe('suspended');
    expect(paused.resumeTo).toBe('approved');

    const back = existing(
      given(...HISTORY.approved, suspended())
        .when(resume())
        .then([resumed()]),
    );
    expect(back.status).toBe('approved');
    expect(back.resumeTo).toBeNull();
  });

  it('suspends a project under construction and resumes it back to under construction', () => {
    const paused = existing(
      given(...HISTORY.under_construction)
        .when(suspend())
        .then([suspended()]),
    );
    expect(paused.status).toBe('suspended');
    expect(paused.resumeTo).toBe('under_construction');

    const back = existing(
      given(...HISTORY.suspended)
        .when(resume())
        .then([resumed()]),
    );
    expect(back.status).toBe('under_construction');
    expect(back.resumeTo).toBeNull();
  });

  it('lets a project resumed to approved start construction', () => {
    given(...HISTORY.approved, suspended(), resumed())
      .when(start('2024-07-02'))
      .then([started('2024-07-02')]);
  });

  it('lets a project resumed to under construction complete', () => {
    given(...HISTORY.suspended, resumed())
      .when(complete())
      .then([completed()]);
  });

  it('remembers the right status across two suspensions', () => {
    const state = existing(
      given(
        ...HISTORY.approved,
        suspended('2024-03-10'),
        resumed('2024-03-20'),
        started('2024-04-01'),
        suspended('2024-06-01'),
        resumed('2024-07-01'),
      ).state,
    );
    expect(state.status).toBe('under_construction');
  });

  it.each<ProjectStatus>(['proposed', 'suspended', 'completed', 'cancelled'])(
    'refuses to suspend a project that is %s (INVALID_TRANSITION)',
    (status) => {
      given(...HISTORY[status])
        .when(suspend())
        .thenRejects('INVALID_TRANSITION');
    },
  );

  it.each<ProjectStatus>(['proposed', 'approved', 'under_construction', 'completed', 'cancelled'])(
    'refuses to resume a project that is %s, not suspended (INVALID_TRANSITION)',
    (status) => {
      const error = given(...HISTORY[status])
        .when(resume())
        .thenRejects('INVALID_TRANSITION');
      expect(error.message).toContain('allowed when suspended');
    },
  );

  it('refuses to resume twice (INVALID_TRANSITION)', () => {
    given(...HISTORY.suspended, resumed())
      .when(resume())
      .thenRejects('INVALID_TRANSITION');
  });

  it('refuses a project that does not exist (PROJECT_NOT_FOUND)', () => {
    given().when(suspend()).thenRejects('PROJECT_NOT_FOUND');
    given().when(resume()).thenRejects('PROJECT_NOT_FOUND');
  });
});

describe('CancelProject', () => {
  it.each<ProjectStatus>(['proposed', 'approved', 'under_construction', 'suspended'])(
    'cancels a project that is %s',
    (status) => {
      const state = existing(
        given(...HISTORY[status])
          .when(cancel())
          .then([cancelled()]),
      );
      expect(state.status).toBe('cancelled');
    },
  );

  it('refuses to cancel a completed project (INVALID_TRANSITION)', () => {
    const error = given(...HISTORY.completed)
      .when(cancel())
      .thenRejects('INVALID_TRANSITION');
    expect(error.message).toContain('cannot cancel a project that is completed');
  });

  it('refuses to cancel twice (INVALID_TRANSITION)', () => {
    given(...HISTORY.cancelled)
      .when(cancel())
      .thenRejects('INVALID_TRANSITION');
  });

  it('refuses a project that does not exist (PROJECT_NOT_FOUND)', () => {
    given().when(cancel()).thenRejects('PROJECT_NOT_FOUND');
  });
});

describe('DisburseFunds', () => {
  it('disburses to an approved project, amount as yuan with two decimals', () => {
    const state = existing(
      given(...HISTORY.approved)
        .when(disburse('d-1', '123.4', '2024-05-01', 'special_bonds'))
        .then([disbursed('d-1', '123.40', '2024-05-01', 'special_bonds')]),
    );
    expect(state.disbursed).toBe(12340n);
    expect([...state.disbursementIds]).toEqual(['d-1']);
  });

  it('disburses on the day of approval', () => {
    given(...HISTORY.approved)
      .when(disburse('d-1', '1.00', '2024-03-01'))
      .then([disbursed('d-1', '1.00', '2024-03-01')]);
  });

  it('disburses to a project under construction and to a completed one', () => {
    given(...HISTORY.under_construction)
      .when(disburse('d-1', '10.00'))
      .then([disbursed('d-1', '10.00')]);
    given(...HISTORY.completed)
      .when(disburse('d-1', '10.00', '2026-11-01'))
      .then([disbursed('d-1', '10.00', '2026-11-01')]);
  });

  it('allows disbursements that add up exactly to the approved amount', () => {
    const state = existing(
      given(...HISTORY.approved, disbursed('d-1', '500.00'), disbursed('d-2', '299.99'))
        .when(disburse('d-3', '0.01'))
        .then([disbursed('d-3', '0.01')]),
    );
    expect(state.disbursed).toBe(80000n);
    expect(formatYuan(state.disbursed)).toBe('800.00');
    expect([...state.disbursementIds]).toEqual(['d-1', 'd-2', 'd-3']);
  });

  it('refuses a disbursement one fen over the approved amount (DISBURSEMENT_EXCEEDS_APPROVED)', () => {
    const error = given(...HISTORY.approved, disbursed('d-1', '500.00'), disbursed('d-2', '299.99'))
      .when(disburse('d-3', '0.02'))
      .thenRejects('DISBURSEMENT_EXCEEDS_APPROVED');
    expect(error.message).toContain('800.01');
  });

  it('refuses a single disbursement one fen over the approved amount', () => {
    given(...HISTORY.approved)
      .when(disburse('d-1', '800.00'))
      .then([disbursed('d-1', '800.00')]);
    given(...HISTORY.approved)
      .when(disburse('d-1', '800.01'))
      .thenRejects('DISBURSEMENT_EXCEEDS_APPROVED');
  });

  it('refuses any disbursement once everything approved is paid out', () => {
    given(...HISTORY.approved, disbursed('d-1', '800.00'))
      .when(disburse('d-2', '0.01'))
      .thenRejects('DISBURSEMENT_EXCEEDS_APPROVED');
  });

  it('measures against the adjusted approved amount, not the first one', () => {
    const history = [
      ...HISTORY.approved,
      adjusted({ approvedInvestment: '900.00' }, { approvedInvestment: '800.00' }),
    ];
    given(...history)
      .when(disburse('d-1', '900.00'))
      .then([disbursed('d-1', '900.00')]);
    given(...history)
      .when(disburse('d-1', '900.01'))
      .thenRejects('DISBURSEMENT_EXCEEDS_APPROVED');
  });

  it('refuses to disburse before approval (DISBURSEMENT_BEFORE_APPROVAL)', () => {
    given(...HISTORY.proposed)
      .when(disburse('d-1', '1.00'))
      .thenRejects('DISBURSEMENT_BEFORE_APPROVAL');
    given(listed()).when(disburse('d-1', '1.00')).thenRejects('DISBURSEMENT_BEFORE_APPROVAL');
  });

  it('refuses to disburse while suspended (INVALID_TRANSITION)', () => {
    given(...HISTORY.suspended)
      .when(disburse('d-1', '1.00'))
      .thenRejects('INVALID_TRANSITION');
  });

  it('refuses to disburse to a project cancelled after approval (INVALID_TRANSITION)', () => {
    given(...HISTORY.approved, cancelled())
      .when(disburse('d-1', '1.00'))
      .thenRejects('INVALID_TRANSITION');
  });

  it('refuses a disbursement id already recorded (DUPLICATE_DISBURSEMENT)', () => {
    given(...HISTORY.approved, disbursed('d-1', '1.00'))
      .when(disburse('d-1', '2.00', '2024-05-02'))
      .thenRejects('DUPLICATE_DISBURSEMENT');
  });

  it('refuses a payment dated the day before approval (DATE_BEFORE_APPROVAL)', () => {
    given(...HISTORY.approved)
      .when(disburse('d-1', '1.00', '2024-02-29'))
      .thenRejects('DATE_BEFORE_APPROVAL');
  });

  it('refuses a project that does not exist (PROJECT_NOT_FOUND)', () => {
    given().when(disburse('d-1', '1.00')).thenRejects('PROJECT_NOT_FOUND');
  });
});

describe("dates follow the project's history", () => {
  it('refuses a suspension, cancellation or adjustment dated before the approval', () => {
    given(proposed(), approved('800.00', '2024-03-01'))
      .when(suspend('2024-02-28'))
      .thenRejects('DATE_BEFORE_APPROVAL');
    given(proposed(), approved('800.00', '2024-03-01'))
      .when(cancel('2024-02-28'))
      .thenRejects('DATE_BEFORE_APPROVAL');
    given(proposed(), approved('800.00', '2024-03-01'))
      .when({ ...adjust({ plannedEnd: day('2027-12-31') }), adjustedOn: day('2024-02-01') })
      .thenRejects('DATE_BEFORE_APPROVAL');
  });

  it('refuses a resumption dated before the suspension, and accepts one on the same day', () => {
    given(proposed(), approved(), suspended('2024-06-01'))
      .when(resume('2024-05-31'))
      .thenRejects('DATE_BEFORE_SUSPENSION');
    given(proposed(), approved(), suspended('2024-06-01'))
      .when(resume('2024-06-01'))
      .then([resumed('2024-06-01')]);
  });

  it('refuses a planned total below what was already disbursed', () => {
    given(proposed(), approved('800.00'), disbursed('d-1', '500.00'))
      .when(adjust({ plannedTotalInvestment: yuan('499.99') }))
      .thenRejects('PLANNED_BELOW_DISBURSED');
  });
});

describe('AdjustProjectPlan', () => {
  it('moves the current plan and keeps the baseline, recording the previous values', () => {
    const before = existing(given(...HISTORY.approved).state);
    const after = existing(
      given(...HISTORY.approved)
        .when(
          adjust({
            plannedTotalInvestment: yuan('1200.00'),
            fundingPlan: [
              { source: 'central_budget', amount: yuan('600.00') },
              { source: 'special_bonds', amount: yuan('600.00') },
            ],
          }),
        )
        .then([
          adjusted(
            {
              plannedTotalInvestment: '1200.00',
              fundingPlan: [
                { source: 'central_budget', amount: '600.00' },
                { source: 'special_bonds', amount: '600.00' },
              ],
            },
            {
              plannedTotalInvestment: '1000.00',
              fundingPlan: [
                { source: 'central_budget', amount: '600.00' },
                { source: 'special_bonds', amount: '400.00' },
              ],
            },
          ),
        ]),
    );
    expect(after.baseline).toEqual(before.baseline);
    expect(after.baseline.plannedTotalInvestment).toBe(100000n);
    expect(after.current.plannedTotalInvestment).toBe(120000n);
    expect(after.current.fundingPlan).toEqual([
      { source: 'central_budget', amount: '600.00' },
      { source: 'special_bonds', amount: '600.00' },
    ]);
    expect(after.current.plannedStart).toBe('2024-01-01');
    expect(after.status).toBe('approved');
  });

  it('moves the schedule, with the previous dates in the event', () => {
    const state = existing(
      given(...HISTORY.proposed)
        .when(adjust({ plannedStart: day('2024-02-01'), plannedEnd: day('2027-06-30') }))
        .then([
          adjusted(
            { plannedStart: '2024-02-01', plannedEnd: '2027-06-30' },
            { plannedStart: '2024-01-01', plannedEnd: '2026-12-31' },
          ),
        ]),
    );
    expect(state.current.plannedStart).toBe('2024-02-01');
    expect(state.current.plannedEnd).toBe('2027-06-30');
    expect(state.baseline.plannedStart).toBe('2024-01-01');
    expect(state.baseline.plannedEnd).toBe('2026-12-31');
  });

  it('replaces the annual plan, sorted by year, with the previous one in the event', () => {
    const state = existing(
      given(...HISTORY.proposed)
        .when(
          adjust({
            annualInvestmentPlan: [
              { year: 2026, amount: yuan('100.00') },
              { year: 2024, amount: yuan('300.00') },
            ],
          }),
        )
        .then([
          adjusted(
            {
              annualInvestmentPlan: [
                { year: 2024, amount: '300.00' },
                { year: 2026, amount: '100.00' },
              ],
            },
            {
              annualInvestmentPlan: [
                { year: 2024, amount: '300.00' },
                { year: 2025, amount: '500.00' },
              ],
            },
          ),
        ]),
    );
    expect(state.baseline.annualInvestmentPlan).toEqual([
      { year: 2024, amount: '300.00' },
      { year: 2025, amount: '500.00' },
    ]);
  });

  it('records only what moved: fields equal to the current plan are left out', () => {
    given(...HISTORY.proposed)
      .when(
        adjust({
          plannedTotalInvestment: yuan('1000.00'),
          plannedStart: day('2024-01-01'),
          plannedEnd: day('2026-06-30'),
        }),
      )
      .then([adjusted({ plannedEnd: '2026-06-30' }, { plannedEnd: '2026-12-31' })]);
  });

  it('takes previous values from the current plan after an earlier adjustment, not the baseline', () => {
    const state = existing(
      given(
        ...HISTORY.proposed,
        adjusted({ plannedEnd: '2026-06-30' }, { plannedEnd: '2026-12-31' }),
      )
        .when(adjust({ plannedEnd: day('2025-12-31') }))
        .then([adjusted({ plannedEnd: '2025-12-31' }, { plannedEnd: '2026-06-30' })]),
    );
    expect(state.current.plannedEnd).toBe('2025-12-31');
    expect(state.baseline.plannedEnd).toBe('2026-12-31');
  });

  it('adjusts the approved investment and keeps the approved baseline', () => {
    const state = existing(
      given(...HISTORY.approved)
        .when(adjust({ approvedInvestment: yuan('750.00') }))
        .then([adjusted({ approvedInvestment: '750.00' }, { approvedInvestment: '800.00' })]),
    );
    expect(state.current.approvedInvestment).toBe(75000n);
    expect(state.baseline.approvedInvestment).toBe(80000n);
  });

  it('lets the approved investment drop to exactly what has been disbursed', () => {
    given(...HISTORY.under_construction, disbursed('d-1', '300.00'), disbursed('d-2', '0.45'))
      .when(adjust({ approvedInvestment: yuan('300.45') }))
      .then([adjusted({ approvedInvestment: '300.45' }, { approvedInvestment: '800.00' })]);
  });

  it('refuses an approved investment one fen below what has been disbursed (APPROVED_BELOW_DISBURSED)', () => {
    given(...HISTORY.under_construction, disbursed('d-1', '300.00'), disbursed('d-2', '0.45'))
      .when(adjust({ approvedInvestment: yuan('300.44') }))
      .thenRejects('APPROVED_BELOW_DISBURSED');
  });

  it('refuses to adjust the approved investment before approval (INVALID_TRANSITION)', () => {
    given(...HISTORY.proposed)
      .when(adjust({ approvedInvestment: yuan('800.00') }))
      .thenRejects('INVALID_TRANSITION');
  });

  it('adjusts a suspended project', () => {
    given(...HISTORY.suspended)
      .when(adjust({ plannedEnd: day('2027-12-31') }))
      .then([adjusted({ plannedEnd: '2027-12-31' }, { plannedEnd: '2026-12-31' })]);
  });

  it.each<ProjectStatus>(['completed', 'cancelled'])(
    'refuses to adjust a project that is %s (INVALID_TRANSITION)',
    (status) => {
      given(...HISTORY[status])
        .when(adjust({ plannedEnd: day('2027-12-31') }))
        .thenRejects('INVALID_TRANSITION');
    },
  );

  it('refuses an adjustment that changes nothing (NOTHING_TO_ADJUST)', () => {
    given(...HISTORY.approved)
      .when(adjust({}))
      .thenRejects('NOTHING_TO_ADJUST');
    given(...HISTORY.approved)
      .when(
        adjust({
          plannedTotalInvestment: yuan('1000.00'),
          approvedInvestment: yuan('800.00'),
          plannedStart: day('2024-01-01'),
          plannedEnd: day('2026-12-31'),
          fundingPlan: [
            { source: 'central_budget', amount: yuan('600.00') },
            { source: 'special_bonds', amount: yuan('400.00') },
          ],
          annualInvestmentPlan: [
            { year: 2025, amount: yuan('500.00') },
            { year: 2024, amount: yuan('300.00') },
          ],
        }),
      )
      .thenRejects('NOTHING_TO_ADJUST');
  });

  it('refuses a planned end moved before the planned start (END_BEFORE_START)', () => {
    given(...HISTORY.proposed)
      .when(adjust({ plannedEnd: day('2023-12-31') }))
      .thenRejects('END_BEFORE_START');
  });

  it('refuses a new total the funding plan no longer adds up to (FUNDING_PLAN_MISMATCH)', () => {
    given(...HISTORY.proposed)
      .when(adjust({ plannedTotalInvestment: yuan('1000.01') }))
      .thenRejects('FUNDING_PLAN_MISMATCH');
  });

  it('refuses a new funding plan that does not add up to the current total (FUNDING_PLAN_MISMATCH)', () => {
    given(...HISTORY.proposed)
      .when(adjust({ fundingPlan: [{ source: 'ppp', amount: yuan('999.99') }] }))
      .thenRejects('FUNDING_PLAN_MISMATCH');
  });

  it('refuses a total lowered below the annual plan (ANNUAL_PLAN_EXCEEDS_TOTAL)', () => {
    given(...HISTORY.proposed)
      .when(
        adjust({
          plannedTotalInvestment: yuan('799.99'),
          fundingPlan: [{ source: 'central_budget', amount: yuan('799.99') }],
        }),
      )
      .thenRejects('ANNUAL_PLAN_EXCEEDS_TOTAL');
  });

  it('refuses an end moved before a year of the annual plan (ANNUAL_PLAN_OUTSIDE_SCHEDULE)', () => {
    given(...HISTORY.proposed)
      .when(adjust({ plannedEnd: day('2024-12-31') }))
      .thenRejects('ANNUAL_PLAN_OUTSIDE_SCHEDULE');
  });

  it('refuses a project that does not exist (PROJECT_NOT_FOUND)', () => {
    given()
      .when(adjust({ plannedEnd: day('2027-12-31') }))
      .thenRejects('PROJECT_NOT_FOUND');
  });
});

describe('Milestones', () => {
  it('schedules a milestone', () => {
    const state = existing(
      given(...HISTORY.proposed)
        .when(schedule('land_use', '2024-02-15'))
        .then([scheduled('land_use', '2024-02-15')]),
    );
    expect(state.milestones.get('land_use')).toEqual({ plannedOn: '2024-02-15', metOn: null });
  });

  it('reschedules a milestone not met yet', () => {
    const state = existing(
      given(...HISTORY.proposed, scheduled('land_use', '2024-02-15'))
        .when(schedule('land_use', '2024-03-15'))
        .then([scheduled('land_use', '2024-03-15')]),
    );
    expect(state.milestones.get('land_use')).toEqual({ plannedOn: '2024-03-15', metOn: null });
  });

  it('records a scheduled milestone met, keeping its planned date', () => {
    const state = existing(
      given(...HISTORY.proposed, scheduled('feasibility_study', '2024-02-01'))
        .when(meet('feasibility_study', '2024-02-10'))
        .then([met('feasibility_study', '2024-02-10')]),
    );
    expect(state.milestones.get('feasibility_study')).toEqual({
      plannedOn: '2024-02-01',
      metOn: '2024-02-10',
    });
  });

  it('records an unscheduled milestone met', () => {
    const state = existing(
      given(...HISTORY.proposed)
        .when(meet('approval', '2024-03-01'))
        .then([met('approval', '2024-03-01')]),
    );
    expect(state.milestones.get('approval')).toEqual({ plannedOn: null, metOn: '2024-03-01' });
  });

  it('refuses a completion milestone before construction has started (MILESTONE_BEFORE_COMMENCEMENT)', () => {
    given(...HISTORY.approved)
      .when(meet('completion', '2026-10-01'))
      .thenRejects('MILESTONE_BEFORE_COMMENCEMENT');
  });

  it.each<MilestoneKind>(['completion', 'commissioning', 'handover'])(
    'refuses a %s milestone dated before construction started (MILESTONE_BEFORE_COMMENCEMENT)',
    (kind) => {
      given(...HISTORY.under_construction)
        .when(meet(kind, '2024-03-31'))
        .thenRejects('MILESTONE_BEFORE_COMMENCEMENT');
    },
  );

  it('records a completion milestone on the day construction started', () => {
    given(...HISTORY.under_construction)
      .when(meet('completion', '2024-04-01'))
      .then([met('completion', '2024-04-01')]);
  });

  it('records a handover milestone on a completed project', () => {
    given(...HISTORY.completed)
      .when(meet('handover', '2026-12-01'))
      .then([met('handover', '2026-12-01')]);
  });

  it('refuses to meet a met milestone again (MILESTONE_ALREADY_MET)', () => {
    given(...HISTORY.proposed, met('feasibility_study', '2024-02-10'))
      .when(meet('feasibility_study', '2024-02-11'))
      .thenRejects('MILESTONE_ALREADY_MET');
  });

  it('refuses to reschedule a met milestone (MILESTONE_ALREADY_MET)', () => {
    given(...HISTORY.proposed, met('feasibility_study', '2024-02-10'))
      .when(schedule('feasibility_study', '2024-03-01'))
      .thenRejects('MILESTONE_ALREADY_MET');
  });

  it.each<ProjectStatus>(['completed', 'cancelled'])(
    'refuses to schedule a milestone for a project that is %s (INVALID_TRANSITION)',
    (status) => {
      given(...HISTORY[status])
        .when(schedule('handover', '2027-01-01'))
        .thenRejects('INVALID_TRANSITION');
    },
  );

  it('refuses to record a milestone for a cancelled project (INVALID_TRANSITION)', () => {
    given(...HISTORY.cancelled)
      .when(meet('land_use', '2024-08-02'))
      .thenRejects('INVALID_TRANSITION');
  });

  it('refuses a project that does not exist (PROJECT_NOT_FOUND)', () => {
    given().when(schedule('land_use', '2024-02-15')).thenRejects('PROJECT_NOT_FOUND');
    given().when(meet('land_use', '2024-02-15')).thenRejects('PROJECT_NOT_FOUND');
  });
});

describe('RateProjectMaturity', () => {
  it('rates a municipal project', () => {
    const state = existing(
      given(...HISTORY.proposed)
        .when(rate('B'))
        .then([rated('B')]),
    );
    expect(state.maturity).toBe('B');
  });

  it('re-rates a municipal project, the latest rating winning', () => {
    const state = existing(
      given(...HISTORY.approved, rated('C'))
        .when(rate('A'))
        .then([rated('A')]),
    );
    expect(state.maturity).toBe('A');
  });

  it('rates a municipal project listed from the plan', () => {
    given(listed())
      .when(rate('C'))
      .then([rated('C')]);
  });

  it('refuses to rate a project outside the municipal network (MATURITY_RATING_MUNICIPAL_ONLY)', () => {
    const error = given(proposed({ networkCode: 'transport' }))
      .when(rate('A'))
      .thenRejects('MATURITY_RATING_MUNICIPAL_ONLY');
    expect(error.message).toContain('transport');
  });

  it('refuses a network code that only looks municipal (MATURITY_RATING_MUNICIPAL_ONLY)', () => {
    given(proposed({ networkCode: 'Municipal' }))
      .when(rate('A'))
      .thenRejects('MATURITY_RATING_MUNICIPAL_ONLY');
  });

  it.each<ProjectStatus>(['completed', 'cancelled'])(
    'refuses to rate a municipal project that is %s (INVALID_TRANSITION)',
    (status) => {
      given(...HISTORY[status])
        .when(rate('A'))
        .thenRejects('INVALID_TRANSITION');
    },
  );

  it('refuses a project that does not exist (PROJECT_NOT_FOUND)', () => {
    given().when(rate('A')).thenRejects('PROJECT_NOT_FOUND');
  });
});

describe('a whole life', () => {
  it('goes from proposal to completion, the state adding up at every step', () => {
    let history: ProjectEvent[] = [];
    const step = (command: ProjectCommand, expected: ProjectEvent[]): ExistingProject => {
      const state = existing(
        given(...history)
          .when(command)
          .then(expected),
      );
      history = [...history, ...expected];
      return state;
    };
    step(propose(), [proposed()]);
    step(rate('B'), [rated('B')]);
    step(approve(), [approved()]);
    step(disburse('d-1', '200.00', '2024-03-15'), [disbursed('d-1', '200.00', '2024-03-15')]);
    step(start(), [started()]);
    step(suspend(), [suspended()]);
    step(resume(), [resumed()]);
    step(disburse('d-2', '600.00', '2024-08-01'), [disbursed('d-2', '600.00', '2024-08-01')]);
    step(meet('completion', '2026-09-30'), [met('completion', '2026-09-30')]);
    const end = step(complete(), [completed()]);

    expect(end.status).toBe('completed');
    expect(end.disbursed).toBe(80000n);
    expect(end.maturity).toBe('B');
    expect(end.startedOn).toBe('2024-04-01');
    expect(end.completedOn).toBe('2026-10-01');
    expect(end.approvedOn).toBe('2024-03-01');
    expect(end.milestones.get('completion')).toEqual({ plannedOn: null, metOn: '2026-09-30' });
  });
});

describe('rule coverage', () => {
  it('has refused a command with every ProjectRule code', () => {
    expect([...rulesSeen].sort()).toEqual(Object.keys(ALL_RULES).sort());
  });
});

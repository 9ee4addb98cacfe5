import { LocalDate, parseLocalDate } from '@ledger/domain-kernel';
import { deciderSpecification } from '@ledger/testing';
import {
  approvalApplicability,
  missingApprovalSteps,
} from '@ledger/contracts/planning/pre-construction-approvals';
import { ProjectId } from '../domain/project-id';
import { projectDecider } from '../domain/project.decider';
import {
  ConstructionStarted,
  NationalProjectCodeAssigned,
  PreConstructionApprovalRecorded,
  ProjectApproved,
  ProjectCancelled,
  ProjectListedInPlan,
  ProjectProposed,
} from '../domain/project.events';
import { PreConstructionApprovalStep } from '@ledger/contracts/planning/pre-construction-approvals';
import { ApprovalRule } from '../national-project-code/assign-national-project-code';
import { NationalProjectCode } from '../national-project-code/national-project-code';
import { RecordPreConstructionApproval } from './record-pre-construction-approval';

const { given, rulesSeen } = deciderSpecification(projectDecider);

const ALL_RULES: Record<ApprovalRule, true> = {
  PROJECT_NOT_FOUND: true,
  INVALID_TRANSITION: true,
  NATIONAL_CODE_ALREADY_ASSIGNED: true,
  NATIONAL_CODE_YEAR_AFTER_ASSIGNMENT: true,
  APPROVAL_ALREADY_RECORDED: true,
  APPROVAL_NOT_APPLICABLE: true,
  APPROVAL_OUT_OF_ORDER: true,
};

const ID = 'p-approvals' as ProjectId;
const day = (text: string): LocalDate => parseLocalDate(text, 'test date');
const CODE = '2020-220100-48-01-012345' as NationalProjectCode;

const proposed = (overrides: Partial<ProjectProposed['data']> = {}): ProjectProposed => ({
  type: 'ProjectProposed',
  data: {
    projectId: ID,
    nameZh: '长春市地下综合管廊',
    nameEn: null,
    networkCode: 'municipal',
    categoryCode: 'roads',
    tags: [],
    regionCode: '220100',
    responsibleUnit: '长春市住房和城乡建设局',
    constructionNature: 'new_build',
    plannedTotalInvestment: '1000.00',
    fundingPlan: [],
    plannedStart: '2020-06-01',
    plannedEnd: '2022-12-31',
    annualInvestmentPlan: [],
    synthetic: false,
    ...overrides,
  },
});
const listed = (networkCode: string): ProjectListedInPlan => ({
  type: 'ProjectListedInPlan',
  data: {
    projectId: ID,
    nameZh: '敦化至白河客专',
    nameEn: null,
    networkCode,
    categoryCode: null,
    tags: [],
    regionCodes: ['222400'],
    plannedTotalInvestment: null,
    source: { document: '吉政发〔2020〕6号', line: 26, quote: '敦化至白河客专' },
    synthetic: false,
    fundingSourceCodes: [],
    sharedInvestment: null,
  },
});
const approved = (on = '2020-03-01'): ProjectApproved => ({
  type: 'ProjectApproved',
  data: {
    projectId: ID,
    authority: '长春市发展改革委',
    documentNumber: '长发改审批〔2020〕1号',
    approvedInvestment: '1000.00',
    approvedOn: on,
    validAt: on,
  },
});
const cancelled: ProjectCancelled = {
  type: 'ProjectCancelled',
  data: { projectId: ID, cancelledOn: '2020-05-01', reason: '撤销', validAt: '2020-05-01' },
};
const started: ConstructionStarted = {
  type: 'ConstructionStarted',
  data: { projectId: ID, startedOn: '2020-07-01', validAt: '2020-07-01' },
};

const record = (
  step: PreConstructionApprovalStep,
  issuedOn: string,
): RecordPreConstructionApproval => ({
  type: 'RecordPreConstructionApproval',
  projectId: ID,
  step,
  issuedOn: day(issuedOn),
  issuingBody: '吉林省生态环境厅',
  documentNumber: `文号-${step}`,
});
const recorded = (
  step: PreConstructionApprovalStep,
  issuedOn: string,
): PreConstructionApprovalRecorded => ({
  type: 'PreConstructionApprovalRecorded',
  data: {
    projectId: ID,
    step,
    issuedOn,
    issuingBody: '吉林省生态环境厅',
    documentNumber: `文号-${step}`,
    validAt: issuedOn,
  },
});
const assigned = (code = CODE, on = '2020-02-10'): NationalProjectCodeAssigned => ({
  type: 'NationalProjectCodeAssigned',
  data: { projectId: ID, code, assignedOn: on, validAt: on },
});
const assign = (code = CODE, on = '2020-02-10') => ({
  type: 'AssignNationalProjectCode' as const,
  projectId: ID,
  code,
  assignedOn: day(on),
});

describe('the national project code on the project', () => {
  it('given a proposed project, when a code is assigned, then NationalProjectCodeAssigned with validAt the day', () => {
    given(proposed()).when(assign()).then([assigned()]);
  });

  it('given a project with a code, when another or the same code comes, then it is refused', () => {
    given(proposed(), assigned())
      .when(assign('2020-220100-48-01-099999' as NationalProjectCode))
      .thenRejects('NATIONAL_CODE_ALREADY_ASSIGNED');
    given(proposed(), assigned()).when(assign()).thenRejects('NATIONAL_CODE_ALREADY_ASSIGNED');
  });

  it('given a code of 2021, when it is said to be assigned in 2020, then it is refused', () => {
    given(proposed())
      .when(assign('2021-220100-48-01-012345' as NationalProjectCode, '2020-12-31'))
      .thenRejects('NATIONAL_CODE_YEAR_AFTER_ASSIGNMENT');
  });

  it('given no project, or a cancelled one, when a code is assigned, then it is refused', () => {
    given().when(assign()).thenRejects('PROJECT_NOT_FOUND');
    given(proposed(), cancelled).when(assign()).thenRejects('INVALID_TRANSITION');
  });
});

describe('pre-construction approvals: each step an event with its date and issuing body', () => {
  it('given a proposed project, when 环评 is recorded, then PreConstructionApprovalRecorded dated the day of issue', () => {
    given(proposed())
      .when(record('environmental-assessment', '2020-04-01'))
      .then([recorded('environmental-assessment', '2020-04-01')]);
  });

  it('given a step already recorded, when it is recorded again, then it is refused and nothing recorded', () => {
    given(proposed(), recorded('land-pre-review', '2020-02-01'))
      .when(record('land-pre-review', '2020-03-01'))
      .thenRejects('APPROVAL_ALREADY_RECORDED');
  });

  it('given every earlier step, when the construction permit is recorded, then it is', () => {
    given(
      proposed(),
      recorded('land-pre-review', '2020-02-01'),
      recorded('project-approval', '2020-03-01'),
      recorded('environmental-assessment', '2020-04-01'),
    )
      .when(record('construction-permit', '2020-05-01'))
      .then([recorded('construction-permit', '2020-05-01')]);
  });

  it('given ProjectApproved (立项审批), when the permit comes after the other steps, then the approval counts as project-approval', () => {
    given(
      proposed(),
      approved(),
      recorded('land-pre-review', '2020-02-01'),
      recorded('environmental-assessment', '2020-04-01'),
    )
      .when(record('construction-permit', '2020-05-01'))
      .then([recorded('construction-permit', '2020-05-01')]);
  });

  it('given a step still missing, when the construction permit is recorded, then it is refused naming the step', () => {
    const violation = given(proposed(), approved(), recorded('land-pre-review', '2020-02-01'))
      .when(record('construction-permit', '2020-05-01'))
      .thenRejects('APPROVAL_OUT_OF_ORDER');
    expect(violation.message).toContain('environmental-assessment');
  });

  it('given the permit dated before an earlier step, when recorded, then it is refused', () => {
    const violation = given(
      proposed(),
      approved('2020-03-01'),
      recorded('land-pre-review', '2020-02-01'),
      recorded('environmental-assessment', '2020-06-01'),
    )
      .when(record('construction-permit', '2020-05-01'))
      .thenRejects('APPROVAL_OUT_OF_ORDER');
    expect(violation.message).toContain('environmental-assessment (2020-06-01)');
  });

  it('given the permit dated on the day of the last step, when recorded, then it is accepted (same day is not before)', () => {
    given(
      proposed(),
      approved('2020-03-01'),
      recorded('land-pre-review', '2020-02-01'),
      recorded('environmental-assessment', '2020-05-01'),
    )
      .when(record('construction-permit', '2020-05-01'))
      .then([recorded('construction-permit', '2020-05-01')]);
  });

  it('given a power project, when a construction permit is recorded, then it is refused: the step does not apply', () => {
    given(proposed({ networkCode: 'power' }))
      .when(record('construction-permit', '2020-05-01'))
      .thenRejects('APPROVAL_NOT_APPLICABLE');
  });

  it('given a reconstruction on approved land, when 用地预审 is recorded, then it is refused: the step does not apply', () => {
    given(proposed({ constructionNature: 'reconstruction' }))
      .when(record('land-pre-review', '2020-02-01'))
      .thenRejects('APPROVAL_NOT_APPLICABLE');
  });

  it('given a reconstruction, when the permit follows project-approval and 环评 alone, then it is accepted', () => {
    given(
      proposed({ constructionNature: 'reconstruction' }),
      approved(),
      recorded('environmental-assessment', '2020-04-01'),
    )
      .when(record('construction-permit', '2020-05-01'))
      .then([recorded('construction-permit', '2020-05-01')]);
  });

  it('given any project, when 林地 is recorded, then it is (optional, recorded when issued)', () => {
    given(listed('road'))
      .when(record('forest-land', '2020-05-01'))
      .then([recorded('forest-land', '2020-05-01')]);
  });

  it('given a started project, when a late approval is recorded, then the ledger records the fact', () => {
    given(proposed(), approved(), started)
      .when(record('environmental-assessment', '2020-08-01'))
      .then([recorded('environmental-assessment', '2020-08-01')]);
  });

  it('given no project or a cancelled one, when an approval is recorded, then it is refused', () => {
    given().when(record('project-approval', '2020-01-01')).thenRejects('PROJECT_NOT_FOUND');
    given(proposed(), cancelled)
      .when(record('project-approval', '2020-01-01'))
      .thenRejects('INVALID_TRANSITION');
  });
});

describe('which steps apply, and which are missing', () => {
  it('a new municipal build needs all four required steps; forest land is optional', () => {
    expect(
      approvalApplicability({ networkCode: 'municipal', constructionNature: 'new_build' }),
    ).toEqual({
      required: [
        'project-approval',
        'land-pre-review',
        'environmental-assessment',
        'construction-permit',
      ],
      optional: ['forest-land'],
      notApplicable: [],
    });
  });

  it('a road listed from the plan (no nature stated) needs no construction permit here, and the land review until known', () => {
    expect(approvalApplicability({ networkCode: 'road', constructionNature: null })).toEqual({
      required: ['project-approval', 'land-pre-review', 'environmental-assessment'],
      optional: ['forest-land'],
      notApplicable: ['construction-permit'],
    });
  });

  it('missing steps are the required ones not recorded, in the steps order; ProjectApproved satisfies project-approval', () => {
    const municipal = { networkCode: 'municipal', constructionNature: 'new_build' as const };
    expect(missingApprovalSteps(municipal, [], false)).toEqual([
      'project-approval',
      'land-pre-review',
      'environmental-assessment',
      'construction-permit',
    ]);
    expect(
      missingApprovalSteps(municipal, ['environmental-assessment', 'forest-land'], true),
    ).toEqual(['land-pre-review', 'construction-permit']);
    expect(
      missingApprovalSteps(
        { networkCode: 'power', constructionNature: 'continuing' },
        ['environmental-assessment'],
        true,
      ),
    ).toEqual([]);
  });

  it('shows every rule of the national code and the approvals', () => {
    expect([...rulesSeen].sort()).toEqual(Object.keys(ALL_RULES).sort());
  });
});

import { ProjectFacts, evolveFacts } from './project-facts';
import { RISK_CONFIG_2026_1 } from './risk-config';
import { checkRisks } from './risk-rules';

/** A municipal project proposed to start on 2021-03-01, folded from planning's events. */
function proposedFacts(constructionNature = 'new_build'): ProjectFacts {
  const facts = evolveFacts(
    undefined,
    {
      type: 'ProjectProposed',
      data: {
        projectId: 'p-1',
        nameZh: '长春市某道路',
        nameEn: null,
        networkCode: 'municipal',
        categoryCode: 'roads',
        tags: [],
        regionCode: '220100',
        responsibleUnit: '长春市住房和城乡建设局',
        constructionNature: constructionNature as 'new_build',
        plannedTotalInvestment: '1000.00',
        fundingPlan: [],
        plannedStart: '2021-03-01',
        plannedEnd: '2022-12-31',
        annualInvestmentPlan: [],
        synthetic: false,
      },
    },
    'e-proposed',
  );
  if (!facts) throw new Error('no facts');
  return facts;
}

const approval = (facts: ProjectFacts, step: string, eventId: string): ProjectFacts =>
  evolveFacts(
    facts,
    {
      type: 'PreConstructionApprovalRecorded',
      data: {
        projectId: 'p-1',
        step: step as 'environmental-assessment',
        issuedOn: '2021-01-10',
        issuingBody: '长春市生态环境局',
        documentNumber: '长环审〔2021〕1号',
        validAt: '2021-01-10',
      },
    },
    eventId,
  )!;

const notStarted = (facts: ProjectFacts, asOf = '2021-04-15') =>
  checkRisks(facts, asOf, RISK_CONFIG_2026_1).find((c) => c.rule === 'not-started')!;

describe('not-started names the approval still missing', () => {
  it('given a proposed project past its planned start with no approval, then the flag names every required step', () => {
    const check = notStarted(proposedFacts());
    expect(check.severity).toBe('amber');
    expect(check.evidence.figures).toMatchObject({
      missingApprovals:
        'project-approval,land-pre-review,environmental-assessment,construction-permit',
      missingApprovalsZh: '立项/可研批复、用地预审、环评、施工许可',
    });
    expect(check.measures).toContain('missingApprovals');
  });

  it('given 环评 recorded (a tolerant read of PreConstructionApprovalRecorded), then it is no longer named, and its event is evidence', () => {
    const check = notStarted(approval(proposedFacts(), 'environmental-assessment', 'e-eia'));
    expect(check.evidence.figures.missingApprovals).toBe(
      'project-approval,land-pre-review,construction-permit',
    );
    expect(check.evidence.eventIds).toEqual(['e-proposed', 'e-eia']);
  });

  it('given a reconstruction, then 用地预审 is not named (it does not apply)', () => {
    expect(notStarted(proposedFacts('reconstruction')).evidence.figures.missingApprovals).toBe(
      'project-approval,environmental-assessment,construction-permit',
    );
  });

  it('given facts stored before approvals were read (no fields), then every required step is named', () => {
    const { approvalSteps: _a, constructionNature: _n, ...old } = proposedFacts();
    expect(notStarted(old).evidence.figures.missingApprovals).toBe(
      'project-approval,land-pre-review,environmental-assessment,construction-permit',
    );
  });
});

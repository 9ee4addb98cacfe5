import { FactsEvent, ProjectFacts, evolveFacts } from '../src/risk/domain/project-facts';

/**
 * Earned value comes from the latest cumulative figure: when a correction of May restates
 * June, the facts (and so SPI) must follow June's restated figure, not the one first sent.
 */
describe('assessment facts follow restated cumulative figures', () => {
  const content = { physicalProgressPercent: '20.00', physicalProgress: 'p', quantities: [] };
  const events: FactsEvent[] = [
    {
      type: 'ProjectProposed',
      data: {
        projectId: 'p-1',
        nameZh: '测试',
        nameEn: null,
        networkCode: 'municipal',
        categoryCode: 'heating',
        tags: [],
        regionCode: 'changchun',
        responsibleUnit: 'u',
        constructionNature: 'new_build',
        plannedTotalInvestment: '1000.00',
        fundingPlan: [],
        plannedStart: '2021-01-01',
        plannedEnd: '2021-12-31',
        annualInvestmentPlan: [],
        synthetic: true,
      },
    },
    ...(['2021-05', '2021-06'] as const).map((period, i): FactsEvent => ({
      type: 'DispatchReportSubmitted',
      data: {
        projectId: 'p-1',
        period,
        investmentInMonth: '100.00',
        cumulativeInvestment: i === 0 ? '100.00' : '200.00',
        ...content,
        problems: null,
        submittedBy: 'u',
        dueOn: '2021-06-07',
        submittedOn: '2021-06-03',
        late: false,
      },
    })),
    {
      type: 'DispatchReportCumulativeRestated',
      data: {
        projectId: 'p-1',
        period: '2021-06',
        cumulativeInvestment: '250.00',
        previousCumulativeInvestment: '200.00',
        restatedOn: '2021-07-10',
        correctionOf: { period: '2021-05', revision: 0 },
      },
    },
  ];

  it("takes June's restated figure and cites the restatement", () => {
    let facts: ProjectFacts | undefined;
    events.forEach((event, i) => (facts = evolveFacts(facts, event, `event-${i}`)));
    expect(facts!.reports['2021-06']).toEqual({
      month: '100.00',
      cumulative: '250.00',
      percent: '20.00',
      late: false,
    });
    expect(facts!.evidence.lastReport).toBe('event-3');
  });
});

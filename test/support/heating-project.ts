/**
 * The project the end-to-end suites share: a heating network renewal in Changchun
 * (municipal network, whose lead is the housing department), 1,200,000 yuan over 2021.
 * A test fixture, not data from the 761 document.
 */
export function heatingProjectProposal(
  projectId: string,
  idempotencyKey: string,
): Record<string, unknown> {
  return {
    idempotencyKey,
    projectId,
    nameZh: '长春市供热管网改造工程',
    networkCode: 'municipal',
    categoryCode: 'heating',
    regionCode: 'changchun',
    responsibleUnit: '长春热力集团',
    constructionNature: 'reconstruction',
    plannedTotalInvestment: '1200000.00',
    fundingPlan: [],
    plannedStart: '2021-01-01',
    plannedEnd: '2021-12-31',
    annualInvestmentPlan: [{ year: 2021, amount: '1200000.00' }],
  };
}

/** Its approval, in full, early in January 2021. */
export function heatingProjectApproval(
  projectId: string,
  idempotencyKey: string,
): Record<string, unknown> {
  return {
    idempotencyKey,
    projectId,
    authority: '长春市发展和改革委员会',
    documentNumber: '长发改〔2021〕9号',
    approvedInvestment: '1200000.00',
    approvedOn: '2021-01-05',
  };
}

import { TokenRequest } from '@ledger/auth';
import { heatingProjectApproval, heatingProjectProposal } from '../support/heating-project';
import { RunningApp } from '../support/standalone-app';

/**
 * What the console tests put in the ledger, through the same GraphQL mutations a client
 * sends (no back door): the shared heating project in Changchun, its payments and reports.
 */
export const REPORTER: Partial<TokenRequest> = { role: 'region', region: 'changchun' };
export const UNIT = '长春热力集团';

let n = 0;
export const key = (label: string): string => `console-e2e-${label}-${process.pid}-${++n}`;

/** The operation's data; a GraphQL error fails the test with the API's own words. */
export async function ok<T>(
  running: RunningApp,
  query: string,
  variables: Record<string, unknown> = {},
  as: Partial<TokenRequest> = {},
): Promise<T> {
  const response = await running.graphql<T>(query, variables, as);
  if (response.errors?.length)
    throw new Error(`GraphQL refused: ${JSON.stringify(response.errors)}`);
  return response.data!;
}

/** Proposed, approved and started: a project that can be paid and can report. */
export async function planHeatingProject(running: RunningApp, projectId: string): Promise<void> {
  await ok(
    running,
    `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
    { input: heatingProjectProposal(projectId, key('propose')) },
  );
  await ok(
    running,
    `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }`,
    { input: heatingProjectApproval(projectId, key('approve')) },
  );
  await ok(
    running,
    `mutation($input: ProjectDatedInput!) { startConstruction(input: $input) { replayed } }`,
    { input: { idempotencyKey: key('start'), projectId, date: '2021-02-01' } },
  );
}

export async function disburse(
  running: RunningApp,
  projectId: string,
  disbursementId: string,
  amount: string,
): Promise<void> {
  await ok(
    running,
    `mutation($input: DisburseFundsInput!) { disburseFunds(input: $input) { replayed } }`,
    {
      input: {
        idempotencyKey: key(`pay-${disbursementId}`),
        projectId,
        disbursementId,
        amount,
        source: 'special_bonds',
        paidOn: '2021-02-10',
        payee: UNIT,
      },
    },
  );
}

function report(projectId: string, period: string, inMonth: string, cumulative: string) {
  return {
    idempotencyKey: key(`report-${period}`),
    projectId,
    period,
    investmentInMonth: inMonth,
    cumulativeInvestment: cumulative,
    physicalProgressPercent: '20',
    physicalProgress: '管网铺设',
    submittedBy: UNIT,
  };
}

/** A monthly dispatch report, as the project's region submits it. */
export async function submitReport(
  running: RunningApp,
  projectId: string,
  period: string,
  inMonth: string,
  cumulative: string,
): Promise<void> {
  await ok(
    running,
    `mutation($input: DispatchReportInput!) { submitDispatchReport(input: $input) { replayed } }`,
    { input: report(projectId, period, inMonth, cumulative) },
    REPORTER,
  );
}

/** The same month restated, with the reason a supervisor reads. */
export async function correctReport(
  running: RunningApp,
  projectId: string,
  period: string,
  inMonth: string,
  cumulative: string,
): Promise<void> {
  await ok(
    running,
    `mutation($input: CorrectDispatchReportInput!) { correctDispatchReport(input: $input) { reports { period } } }`,
    { input: { ...report(projectId, period, inMonth, cumulative), reason: '财务核对后调整' } },
    REPORTER,
  );
}

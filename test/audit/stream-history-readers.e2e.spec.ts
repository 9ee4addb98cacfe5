import { heatingProjectProposal } from '../support/heating-project';
import { RunningApp, startStandalone } from '../support/standalone-app';

/**
 * Who reads a stream as stored: auditors any stream; the office and supervisors a project's
 * own streams, whose chain the console's passport re-verifies; scoped roles none.
 */
describe('streamHistory readers', () => {
  let running: RunningApp;
  const projectId = `history-readers-${process.pid}`;
  const HISTORY = `query($id: String!) { streamHistory(streamId: $id) { streamVersion type hash } }`;
  type History = { streamHistory: Array<{ streamVersion: string; type: string; hash: string }> };

  beforeAll(async () => {
    running = await startStandalone({ loadSeed: true });
    const proposed = await running.graphql(
      `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
      { input: heatingProjectProposal(projectId, `history-readers-${process.pid}`) },
    );
    expect(proposed.errors).toBeUndefined();
  });
  afterAll(() => running.close());

  it("lets a supervisor read a project's own stream, the same an auditor reads", async () => {
    const asAuditor = await running.graphql<History>(
      HISTORY,
      { id: `project-${projectId}` },
      {
        role: 'auditor',
      },
    );
    const asSupervisor = await running.graphql<History>(
      HISTORY,
      { id: `project-${projectId}` },
      {
        role: 'supervisor',
      },
    );
    expect(asSupervisor.errors).toBeUndefined();
    expect(asSupervisor.data!.streamHistory.length).toBeGreaterThan(0);
    expect(asSupervisor.data).toEqual(asAuditor.data);
  });

  it('keeps every other stream for auditors', async () => {
    const log = await running.graphql<{
      eventLog: { edges: Array<{ node: { streamId: string } }> };
    }>(`{ eventLog(first: 100) { edges { node { streamId } } } }`, {}, { role: 'auditor' });
    const other = log
      .data!.eventLog.edges.map((e) => e.node.streamId)
      .find((id) => !/^(project|dispatch-reports|risk-flags)-/.test(id));
    expect(other).toBeDefined();
    const asSupervisor = await running.graphql(HISTORY, { id: other }, { role: 'supervisor' });
    expect(asSupervisor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const asAuditor = await running.graphql<History>(HISTORY, { id: other }, { role: 'auditor' });
    expect(asAuditor.errors).toBeUndefined();
    expect(asAuditor.data!.streamHistory.length).toBeGreaterThan(0);
  });

  it('gives a region no stream at all', async () => {
    const asRegion = await running.graphql(
      HISTORY,
      { id: `project-${projectId}` },
      { role: 'region', region: 'changchun' },
    );
    expect(asRegion.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

import { ProjectLibraryQueries } from '../../apps/planning/src/project-library/project-library.queries';
import { RunningApp, startStandalone } from '../support/standalone-app';

/** A page of projects with their nested lists: one query per list, not one per project. */
describe('per-request loaders for a project page', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startStandalone();
  }, 120_000);

  afterAll(async () => {
    await running?.close();
  });

  it('loads disbursements, milestones and adjustments of 100 projects in one query each', async () => {
    const calls = {
      disbursements: jest.spyOn(ProjectLibraryQueries.prototype, 'disbursementsOf'),
      milestones: jest.spyOn(ProjectLibraryQueries.prototype, 'milestonesOf'),
      adjustments: jest.spyOn(ProjectLibraryQueries.prototype, 'adjustmentsOf'),
    };
    try {
      const response = await running.graphql<{
        projects: { edges: Array<{ node: { projectId: string; milestones: unknown[] } }> };
      }>(
        `{ projects(first: 100) { edges { node { projectId
            disbursements { amount } milestones { kind } adjustments { reason } } } } }`,
        {},
        { role: 'supervisor' },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data!.projects.edges).toHaveLength(100);
      for (const spy of Object.values(calls)) {
        expect(spy).toHaveBeenCalledTimes(1);
        expect(spy.mock.calls[0]![0]).toHaveLength(100);
      }
      // A second request gets loaders of its own: nothing is served from the first one's.
      await running.graphql(`{ projects(first: 5) { edges { node { milestones { kind } } } } }`);
      expect(calls.milestones).toHaveBeenCalledTimes(2);
    } finally {
      for (const spy of Object.values(calls)) spy.mockRestore();
    }
  });
});

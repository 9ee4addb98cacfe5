import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { startStandalone } from '../support/standalone-app';

/** npm start twice on the same data folder: the second start adds nothing and loses nothing. */
describe('standalone restart on the same data folder', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loads the seed once, and the read models come back from their checkpoints', async () => {
    const first = await startStandalone({ dataDir });
    const head = await first.app.get<EventStore>(EVENT_STORE).headPosition();
    const before = await first.graphql<{ projects: { totalCount: number } }>(
      '{ projects { totalCount } }',
    );
    await first.close();
    expect(head).not.toBeNull();

    const second = await startStandalone({ dataDir });
    try {
      expect(await second.app.get<EventStore>(EVENT_STORE).headPosition()).toBe(head);
      const after = await second.graphql<{
        projects: { totalCount: number };
        programme: { totalProjects: { value: number } };
      }>('{ projects { totalCount } programme { totalProjects { value } } }');
      expect(after.data?.projects.totalCount).toBe(before.data?.projects.totalCount);
      expect(after.data?.programme.totalProjects.value).toBe(2188);
    } finally {
      await second.close();
    }
  }, 120_000);
});

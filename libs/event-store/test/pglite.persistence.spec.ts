import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteEventStore } from '@ledger/event-store';

describe('PGlite on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-pglite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps events across a close and reopen, and carries on numbering where it stopped', async () => {
    const first = await PgliteEventStore.open({ dataDir: join(dir, 'store') });
    await first.appendToStream('project-1', [
      { type: 'ProjectProposed', data: { nameZh: '长春龙嘉机场三期' }, metadata: { actor: 'drc' } },
    ]);
    await first.close();

    const reopened = await PgliteEventStore.open({ dataDir: join(dir, 'store') });
    const [stored] = await reopened.readStream('project-1');
    expect(stored?.data).toEqual({ nameZh: '长春龙嘉机场三期' });
    const next = await reopened.appendToStream(
      'project-1',
      [{ type: 'ProjectApproved', data: {}, metadata: { actor: 'drc' } }],
      {
        expectedVersion: 0n,
      },
    );
    expect(next.lastPosition).toBe(stored!.globalPosition + 1n);
    await reopened.close();
  });
});

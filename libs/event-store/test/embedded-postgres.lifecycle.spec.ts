import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, openEventStore } from '@ledger/event-store';
import { spawnStoreProcess } from './support/embedded-store-process.harness';

// One cluster for the file (initdb costs seconds), stopped and started by each test.
const dataDir = mkdtempSync(join(tmpdir(), 'ledger-embedded-life-'));
chmodSync(dataDir, 0o755);
const config = {
  adapter: 'embedded-postgres',
  dataDir,
  schema: 'event_store',
  poolSize: 4,
} as const;
const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
const lines: string[] = [];
const open = (): Promise<EventStore> => openEventStore(config, { log: (l) => lines.push(l) });

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const postmaster = (): number => Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
const disbursed = (amount: string) => ({
  type: 'FundsDisbursed',
  data: { amount },
  metadata: { actor: 'planning_office:zhang.wei' },
});

describe('the embedded PostgreSQL store across starts', () => {
  it('creates its cluster on first start, stops its server on close, and keeps the events', async () => {
    const first = await open();
    expect(lines.join('\n')).toMatch(/created a PostgreSQL 18 cluster in .*postgres/);
    const appended = await first.appendToStream('project-jl-0001', [disbursed('1250000.50')]);
    const pid = postmaster();
    await first.close();
    expect(alive(pid)).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
    expect(existsSync(join(dataDir, 'postgres.lock'))).toBe(false);

    lines.length = 0;
    const again = await open();
    try {
      expect(lines.join('\n')).not.toMatch(/created a PostgreSQL/);
      const [stored] = await again.readStream('project-jl-0001');
      expect(stored?.data).toEqual({ amount: '1250000.50' });
      expect(stored?.globalPosition).toBe(appended.lastPosition);
      const next = await again.appendToStream('project-jl-0001', [disbursed('10.00')], {
        expectedVersion: 0n,
      });
      expect(next.lastPosition).toBe(appended.lastPosition + 1n);
    } finally {
      await again.close();
    }
    // Its log went to the file, not to our output.
    expect(readFileSync(join(dataDir, 'postgres.log'), 'utf8')).toMatch(
      /database system is shut down/,
    );
  }, 60_000);

  it('stops the server a killed process left running, and keeps what that process committed', async () => {
    const holder = spawnStoreProcess(dataDir, 'project-jl-0002');
    const position = BigInt(await holder.ready);
    const orphan = postmaster();
    holder.child.kill('SIGKILL');
    await holder.exited;
    // SIGKILL gives Node no chance to stop its server: it is still running.
    expect(alive(orphan)).toBe(true);

    lines.length = 0;
    const store = await open();
    try {
      expect(lines.join('\n')).toContain(
        `a PostgreSQL server (pid ${orphan}) was still running on ${join(dataDir, 'postgres')}`,
      );
      expect(alive(orphan)).toBe(false);
      const [stored] = await store.readStream('project-jl-0002');
      expect(stored?.globalPosition).toBe(position);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('refuses a second process while one runs it, and lets the next one in once it stopped', async () => {
    const holder = spawnStoreProcess(dataDir);
    await holder.ready;
    await expect(open()).rejects.toThrow(
      `DATA_DIR ${dataDir} is in use: process ${holder.child.pid} runs its embedded PostgreSQL server`,
    );
    holder.child.kill('SIGTERM');
    await holder.exited;
    const store = await open();
    await store.close();
  }, 60_000);
});

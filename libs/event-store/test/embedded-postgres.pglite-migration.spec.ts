import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EventStore,
  EventToAppend,
  openEventStore,
  PgliteEventStore,
  RecordedEvent,
  verifyChain,
} from '@ledger/event-store';

// One DATA_DIR, one cluster for the file: initdb and opening PGlite each cost seconds.
const dataDir = mkdtempSync(join(tmpdir(), 'ledger-embedded-migrate-'));
chmodSync(dataDir, 0o755);
const pgliteDir = join(dataDir, 'event-store');
const config = {
  adapter: 'embedded-postgres',
  dataDir,
  schema: 'event_store',
  poolSize: 4,
} as const;
const lines: string[] = [];
const open = (): Promise<EventStore> => openEventStore(config, { log: (l) => lines.push(l) });

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const event = (type: string, data: EventToAppend['data'], validAt?: string): EventToAppend => ({
  type,
  data,
  metadata: {
    actor: 'planning_office:zhang.wei',
    correlationId: 'c-761',
    ...(validAt ? { validAt } : {}),
  },
});

async function everyEvent(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ ...(after === undefined ? {} : { after }), maxCount: 50 });
    if (page.length === 0) return all;
    all.push(...page);
    after = page[page.length - 1]!.globalPosition;
  }
}

describe('a PGlite store in DATA_DIR, started with EVENT_STORE=embedded-postgres', () => {
  let original: RecordedEvent[];

  beforeAll(async () => {
    const pglite = await PgliteEventStore.open({ dataDir: pgliteDir });
    // Several streams, interleaved, in batches, with Chinese text, nested data and a schema version.
    for (let p = 1; p <= 3; p++) {
      await pglite.appendToStream(`project-jl-${p}`, [
        event('ProjectProposed', {
          nameZh: `长春市第${p}供热管网`,
          plan: { total: '120000000.00' },
        }),
      ]);
    }
    for (let round = 0; round < 40; round++) {
      const p = (round % 3) + 1;
      await pglite.appendToStream(`project-jl-${p}`, [
        event(
          'FundsDisbursed',
          { amount: `${round}.25`, source: 'special_bonds' },
          '2021-06-30T16:00:00.000Z',
        ),
        {
          ...event('DispatchReportSubmitted', { period: '2021-06', note: '形象进度 45%' }),
          schemaVersion: 2,
        },
      ]);
    }
    original = await everyEvent(pglite);
    expect((await verifyChain(pglite, 'all')).firstBroken).toBeNull();
    await pglite.close();
    // Kept to play a start that copied the events but stopped before moving the folder.
    cpSync(pgliteDir, join(dataDir, 'spare-pglite'), { recursive: true });
  }, 120_000);

  it('copies every event as stored, verifies the chain and keeps the PGlite folder renamed', async () => {
    const store = await open();
    try {
      const migrated = await everyEvent(store);
      expect(migrated).toHaveLength(original.length);
      // Every field: ids, positions, versions, data, metadata, recorded times, schema versions, hashes.
      expect(migrated).toEqual(original);
      const verified = await verifyChain(store, 'all');
      expect(verified.firstBroken).toBeNull();
      expect(verified.checked).toBe(original.length);
      const message = lines.join('\n');
      expect(message).toContain(
        `migrated the PGlite store to PostgreSQL: ${original.length} events in 3 streams ` +
          `(positions up to ${original.length}), copied as stored, hash chain verified`,
      );
      expect(message).toMatch(/Read models rebuild from position 0/);
      expect(existsSync(pgliteDir)).toBe(false);
      const kept = readdirSync(dataDir).filter((f) => f.startsWith('event-store.pglite-migrated-'));
      expect(kept).toHaveLength(1);
      expect(message).toContain(join(dataDir, kept[0]!));
    } finally {
      await store.close();
    }
  }, 120_000);

  it('finishes a migration whose copy committed before the folder was moved', async () => {
    renameSync(join(dataDir, 'spare-pglite'), pgliteDir);
    lines.length = 0;
    const store = await open();
    try {
      expect(lines.join('\n')).toContain(
        `finished migrating the PGlite store to PostgreSQL: ${original.length} events`,
      );
      expect(await everyEvent(store)).toEqual(original);
      expect(existsSync(pgliteDir)).toBe(false);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('carries on the log where PGlite stopped, and migrates nothing on later starts', async () => {
    lines.length = 0;
    const store = await open();
    try {
      expect(lines.join('\n')).not.toMatch(/PGlite/);
      const next = await store.appendToStream('project-jl-1', [
        event('FundsDisbursed', { amount: '99.00' }),
      ]);
      expect(next.lastPosition).toBe(BigInt(original.length + 1));
      expect((await verifyChain(store, 'all')).firstBroken).toBeNull();
    } finally {
      await store.close();
    }
  }, 60_000);

  it('refuses to choose between a PGlite store and a different PostgreSQL one, migrating nothing', async () => {
    const other = await PgliteEventStore.open({ dataDir: pgliteDir });
    await other.appendToStream('project-jl-9', [event('ProjectProposed', { nameZh: '另一个' })]);
    await other.close();
    const refusal =
      /DATA_DIR holds a PGlite store \(.*event-store: 1 events\) and a different PostgreSQL one \(\d+ events, schema event_store\); nothing was migrated/;
    await expect(open()).rejects.toThrow(refusal);
    expect(existsSync(pgliteDir)).toBe(true);
    // The refusal stopped the server it had started: the next start says the same, not "in use".
    await expect(open()).rejects.toThrow(refusal);
  }, 120_000);
});

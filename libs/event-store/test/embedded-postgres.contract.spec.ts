import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  DataDirInUseError,
  DEFAULT_MAX_EVENT_BYTES,
  EmbeddedPostgresServer,
  EventStore,
  PostgresEventStore,
} from '@ledger/event-store';
import { eventStoreContract } from '@ledger/event-store/testing/event-store-contract';
import { spawnStoreProcess } from './support/embedded-store-process.harness';

// One server for the file: initdb costs seconds, every store below is a schema on it.
const dataDir = mkdtempSync(join(tmpdir(), 'ledger-embedded-'));
// mkdtemp makes the folder 0700; as root the server runs as postgres, which must get through.
chmodSync(dataDir, 0o755);
const schema = 'contract';
let server: EmbeddedPostgresServer;

beforeAll(async () => {
  server = await EmbeddedPostgresServer.start({ dataDir, log: () => undefined });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

eventStoreContract(
  'embedded PostgreSQL',
  () =>
    PostgresEventStore.open({
      connectionString: server.connectionString,
      schema,
      poolSize: 24,
      pollIntervalMs: 20,
    }),
  {
    refusesEventIdReuse: true,
    maxEventBytes: DEFAULT_MAX_EVENT_BYTES,
    jumpGlobalPositionTo: async (store: EventStore, next: bigint) => {
      await (store as PostgresEventStore).pool.query(
        `SELECT setval('"${schema}".global_position', $1::bigint, false)`,
        [next.toString()],
      );
    },
  },
);

describe('the embedded PostgreSQL server', () => {
  const postmasterPid = () =>
    Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);

  it('runs as the user postgres when started by root, as this process otherwise', () => {
    const status = readFileSync(`/proc/${postmasterPid()}/status`, 'utf8');
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
    const expected =
      userInfo().uid === 0
        ? Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }))
        : userInfo().uid;
    expect(uid).toBe(expected);
    expect(uid).not.toBe(0);
  });

  it('listens on a Unix socket in its cluster folder and on no TCP port', async () => {
    const client = new Client({ connectionString: server.connectionString });
    await client.connect();
    try {
      // SHOW names its column as the setting is spelt (TimeZone): take the one value.
      const setting = async (name: string) =>
        Object.values(
          (await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0] ?? {},
        )[0];
      expect(await setting('listen_addresses')).toBe('');
      expect(await setting('unix_socket_directories')).toBe(join(dataDir, 'postgres'));
      expect(await setting('server_version')).toMatch(/^18\./);
      expect(await setting('timezone')).toBe('UTC');
    } finally {
      await client.end();
    }
  });

  it('refuses to start a second time on the same DATA_DIR in this process', async () => {
    await expect(EmbeddedPostgresServer.start({ dataDir, log: () => undefined })).rejects.toThrow(
      DataDirInUseError,
    );
  });

  it('refuses a second process on the same DATA_DIR, naming the one that runs it', async () => {
    const second = spawnStoreProcess(dataDir);
    await expect(second.ready).rejects.toThrow(
      `DATA_DIR ${dataDir} is in use: process ${process.pid} runs its embedded PostgreSQL server`,
    );
    expect(await second.exited).toBe(1);
    // Refused without disturbing the running server.
    const client = new Client({ connectionString: server.connectionString });
    await client.connect();
    await client.end();
  }, 60_000);
});

/**
 * The console's chain check (apps/console/src/chain/verify-chain.ts, what runs in the
 * reader's browser) against the real store: events appended to it, served by the audit API
 * (`streamHistory`, over HTTP, as an auditor), verified with the browser's code; then rows
 * altered behind the store's back, as an attacker with database rights would, and the break
 * named where the store's own verifier (and, on PostgreSQL, `npm run audit -- verify`) names it.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import {
  EVENT_STORE,
  EventStore,
  EventStoreConfig,
  PgliteEventStore,
  PostgresEventStore,
  canonicalJson as storeCanonicalJson,
  rawStore,
  verifyChain,
} from '@ledger/event-store';
import { databaseUrl, requirePostgres } from '@ledger/testing';
import { RunningApp, startStandalone } from '../support/standalone-app';
import { heatingProjectApproval, heatingProjectProposal } from '../support/heating-project';
import {
  ServedEvent,
  canonicalJson,
  verifyStreamHistory,
} from '../../apps/console/src/chain/verify-chain';

describe('the browser’s canonical JSON beside the store’s', () => {
  it('agrees with the store’s canonical JSON on awkward values, and refuses what it refuses', () => {
    const values: unknown[] = [
      { b: [{ z: 1, a: { d: null, c: 'x' } }, 2], a: {}, e: [] },
      { '10': 1, '9': 2, '1': 3, '': 4, __proto__x: 5 },
      JSON.parse(
        '{"__proto__": {"a": 1}, "n": [-0, 1e21, 1e20, 1e-7, 5e-324, 0.30000000000000004]}',
      ),
      { s: '\u0000\u0008\t\n\u000b\f\r\u001f "\\/\u007f\u2028 净月 \ud83d\ude00' },
      // Beyond 2^53 the store holds what a double holds: both sides read the same double.
      JSON.parse('{"big": 12345678901234567890123, "max": 9007199254740993}'),
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(storeCanonicalJson(value));
    expect(() => canonicalJson({ s: 'a\ud800' })).toThrow(/lone surrogate/);
    expect(() => canonicalJson([Number.NaN])).toThrow(/non-finite/);
  });
});

/** Schemas of this spec in the shared database: pages_b_chain_<pid>_<time>, and its read models. */
const POSTGRES_SCHEMA = `pages_b_chain_${process.pid}_${Date.now().toString(36)}`;
const NODE = `eventId streamId streamVersion type data actor correlationId causationId validAt
  recordedAt schemaVersion hash previousHash`;
const AUDITOR = { role: 'auditor' as const };
let counter = 0;

function contract(
  label: string,
  storeFor: () => EventStoreConfig | undefined,
  enabled: boolean,
  cliEnv?: () => NodeJS.ProcessEnv,
): void {
  (enabled ? describe : describe.skip)(
    `the browser's verifier on the real store (${label})`,
    () => {
      let running: RunningApp;
      let store: EventStore;
      let config: EventStoreConfig | undefined;

      beforeAll(async () => {
        config = storeFor();
        running = await startStandalone(
          config ? { store: config, schema: `${POSTGRES_SCHEMA}_rm` } : { pglite: true },
        );
        store = running.app.get<EventStore>(EVENT_STORE);
      }, 120_000);
      afterAll(async () => {
        await running?.close();
      });

      const served = async (streamId: string): Promise<ServedEvent[]> => {
        const response = await running.graphql<{ streamHistory: ServedEvent[] }>(
          `query($s: String!) { streamHistory(streamId: $s) { ${NODE} } }`,
          { s: streamId },
          AUDITOR,
        );
        expect(response.errors).toBeUndefined();
        return response.data!.streamHistory;
      };

      /** One statement as a superuser with the append-only trigger off; `t` is the events table. */
      const tamper = async (sql: string, params: readonly unknown[]): Promise<void> => {
        const raw = rawStore(store);
        if (raw instanceof PgliteEventStore) {
          await raw.db.transaction(async (tx) => {
            await tx.query('SET LOCAL session_replication_role = replica');
            await tx.query(sql.replace(/^(UPDATE|DELETE FROM) t /, '$1 event_store.events '), [
              ...params,
            ]);
          });
        } else if (raw instanceof PostgresEventStore && config?.adapter === 'postgres') {
          const client = await raw.pool.connect();
          try {
            await client.query('BEGIN');
            await client.query('SET LOCAL session_replication_role = replica');
            await client.query(
              sql.replace(/^(UPDATE|DELETE FROM) t /, `$1 "${config.schema}".events `),
              [...params],
            );
            await client.query('COMMIT');
          } finally {
            client.release();
          }
        } else {
          throw new Error('no way to tamper with this store');
        }
      };

      /**
       * A stream holding what JSON can hold. Its types are no service's, so every reader skips
       * them (version 1: a reader refuses versions newer than it knows).
       */
      async function awkwardStream(): Promise<{ streamId: string; served: ServedEvent[] }> {
        const streamId = `chain-contract-${process.pid}-${++counter}`;
        await store.appendToStream(streamId, [
          {
            type: 'ChainContract.Note',
            data: { amount: '12.50', payee: '吉林省 😀', n: 3, list: [1, 2, 3], empty: '' },
            metadata: { actor: 'planning_office:test', validAt: '2021-03-01T00:00:00.000+08:00' },
          },
          {
            type: 'ChainContract:Odd-1',
            data: {
              '\ufb33': 1,
              '\ud83d\ude00': [0.1, -0, 1e21, 1e-7, 5e-324, { b: null, a: 'tab\tquote"\u001f' }],
              '10': 'index-like key',
              '9': true,
              nested: { deep: [[[]], {}], text: '\u2028净月\\' },
            },
            metadata: { actor: 'a\\b "c"', correlationId: '\u00e9', causationId: 'cause-1' },
          },
        ]);
        await store.appendToStream(streamId, [
          {
            type: 'ChainContract.Note',
            data: { amount: '0.01', big: 9007199254740991 },
            metadata: { actor: 'planning_office:test', validAt: '2021-03-02T00:00:00+08:00' },
          },
          {
            type: 'ChainContract.Note',
            data: { amount: '1.00' },
            metadata: { actor: 'planning_office:test' },
          },
        ]);
        return { streamId, served: await served(streamId) };
      }

      it('finds intact what the store wrote, however awkward the data, served over GraphQL', async () => {
        const { streamId, served: events } = await awkwardStream();
        expect(events).toHaveLength(4);
        expect(await verifyStreamHistory(events)).toEqual({
          intact: true,
          events: 4,
          last: { streamVersion: '3', hash: events[3]!.hash },
        });
        const server = await verifyChain(rawStore(store), { streamId });
        expect(server.firstBroken).toBeNull();
        expect(server.checked).toBe(4);
      });

      it('finds intact a project’s streams after commands through the API, old versions served as stored', async () => {
        const projectId = `chain-heating-${process.pid}-${++counter}`;
        const ok = async (query: string, variables: Record<string, unknown>, as: object) => {
          const response = await running.graphql(query, variables, as);
          expect(response.errors).toBeUndefined();
        };
        const office = { role: 'planning_office' as const };
        const region = { role: 'region' as const, region: 'changchun' };
        await ok(
          `mutation($i: ProposeProjectInput!) { proposeProject(input: $i) { replayed } }`,
          { i: heatingProjectProposal(projectId, `${projectId}-p`) },
          office,
        );
        await ok(
          `mutation($i: ApproveProjectInput!) { approveProject(input: $i) { replayed } }`,
          { i: heatingProjectApproval(projectId, `${projectId}-a`) },
          office,
        );
        await ok(
          `mutation($i: DisburseFundsInput!) { disburseFunds(input: $i) { replayed } }`,
          {
            i: {
              idempotencyKey: `${projectId}-d`,
              projectId,
              disbursementId: 'pay-1',
              amount: '300000.00',
              source: 'special_bonds',
              paidOn: '2021-02-01',
              payee: '长春热力集团',
            },
          },
          office,
        );
        const report = {
          projectId,
          period: '2021-02',
          investmentInMonth: '100000.00',
          cumulativeInvestment: '100000.00',
          physicalProgressPercent: '10',
          physicalProgress: '管沟开挖',
          submittedBy: '长春热力集团',
        };
        await ok(
          `mutation($i: DispatchReportInput!) { submitDispatchReport(input: $i) { replayed } }`,
          { i: { ...report, idempotencyKey: `${projectId}-r` } },
          region,
        );
        await ok(
          `mutation($i: CorrectDispatchReportInput!) { correctDispatchReport(input: $i) { replayed } }`,
          {
            i: {
              ...report,
              idempotencyKey: `${projectId}-c`,
              investmentInMonth: '90000.00',
              cumulativeInvestment: '90000.00',
              reason: '复核',
            },
          },
          region,
        );
        // A disbursement stored before versions existed (version 1, no validAt in its data).
        await store.appendToStream(`project-${projectId}`, [
          {
            type: 'FundsDisbursed',
            schemaVersion: 1,
            data: {
              projectId,
              disbursementId: 'pay-legacy',
              amount: '0.50',
              source: 'special_bonds',
              paidOn: '2021-02-02',
              payee: '长春热力集团',
            },
            metadata: { actor: 'planning_office:legacy' },
          },
        ]);
        for (const streamId of [`project-${projectId}`, `dispatch-reports-${projectId}`]) {
          const events = await served(streamId);
          expect(events.length).toBeGreaterThanOrEqual(2);
          expect(await verifyStreamHistory(events)).toMatchObject({
            intact: true,
            events: events.length,
          });
          const server = await verifyChain(rawStore(store), { streamId });
          expect(server).toMatchObject({ firstBroken: null, checked: events.length });
        }
        const planning = await served(`project-${projectId}`);
        // Current writers record version 2, hashed with the member; the legacy one comes as stored.
        expect(planning.map((e) => [e.type, e.schemaVersion])).toEqual([
          ['ProjectProposed', 1],
          ['ProjectApproved', 2],
          ['FundsDisbursed', 2],
          ['FundsDisbursed', 1],
        ]);
        expect(JSON.parse(planning[planning.length - 1]!.data)).not.toHaveProperty('validAt');
      });

      it('names the event whose data was altered in the database, where the store’s verifier does', async () => {
        const { streamId, served: events } = await awkwardStream();
        await tamper(
          `UPDATE t SET data = jsonb_set(data, '{amount}', '"99999.99"') WHERE stream_id = $1 AND stream_version = 2`,
          [streamId],
        );
        const after = await served(streamId);
        expect(JSON.parse(after[2]!.data)).toMatchObject({ amount: '99999.99' });
        const check = await verifyStreamHistory(after);
        expect(check).toMatchObject({
          intact: false,
          events: 2,
          brokenAt: {
            streamId,
            streamVersion: '2',
            eventId: events[2]!.eventId,
            reason: 'content altered',
          },
        });
        const server = await verifyChain(rawStore(store), { streamId });
        expect(server.firstBroken).toMatchObject({ streamVersion: 2n, reason: 'content altered' });
        if (!check.intact) expect(check.brokenAt.reason).toBe(server.firstBroken!.reason);

        if (cliEnv) {
          const cli = await runAuditCli(['verify', '--stream', streamId], cliEnv());
          expect(cli.code).toBe(1);
          expect(cli.stdout).toContain(`BROKEN: stream ${streamId}, version 2,`);
          expect(cli.stdout).toContain('content altered');
        }
      }, 120_000);

      it('agrees with the store on a deleted event, a changed schema version, actor, time and a huge integer', async () => {
        const cases: Array<{ sql: string; version: string }> = [
          { sql: `DELETE FROM t WHERE stream_id = $1 AND stream_version = 1`, version: '2' },
          {
            sql: `UPDATE t SET schema_version = 2 WHERE stream_id = $1 AND stream_version = 3`,
            version: '3',
          },
          {
            sql: `UPDATE t SET metadata = jsonb_set(metadata, '{actor}', '"nobody"') WHERE stream_id = $1 AND stream_version = 0`,
            version: '0',
          },
          {
            sql: `UPDATE t SET recorded_at = recorded_at - interval '1 day' WHERE stream_id = $1 AND stream_version = 1`,
            version: '1',
          },
          {
            // An integer no double holds: both read it as the same double, and see it added.
            sql: `UPDATE t SET data = data || '{"big": 12345678901234567890123}'::jsonb WHERE stream_id = $1 AND stream_version = 2`,
            version: '2',
          },
        ];
        for (const { sql, version } of cases) {
          const { streamId } = await awkwardStream();
          await tamper(sql, [streamId]);
          const check = await verifyStreamHistory(await served(streamId));
          const server = await verifyChain(rawStore(store), { streamId });
          expect(server.firstBroken).not.toBeNull();
          expect(check.intact).toBe(false);
          if (check.intact) continue;
          expect([check.brokenAt.streamVersion, check.brokenAt.reason]).toEqual([
            server.firstBroken!.streamVersion.toString(),
            server.firstBroken!.reason,
          ]);
          expect(check.brokenAt.streamVersion).toBe(version);
        }
      }, 120_000);
    },
  );
}

function runAuditCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = join(__dirname, '..', '..');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        join(root, 'apps', 'audit-cli', 'src', 'cli.ts'),
        ...args,
      ],
      { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

contract('PGlite', () => undefined, true);

contract(
  'PostgreSQL',
  () => ({
    adapter: 'postgres',
    connectionString: databaseUrl(),
    schema: POSTGRES_SCHEMA,
    poolSize: 4,
  }),
  requirePostgres('browser chain verifier on PostgreSQL'),
  () => ({
    EVENT_STORE: 'postgres',
    DATABASE_URL: databaseUrl(),
    EVENT_STORE_SCHEMA: POSTGRES_SCHEMA,
  }),
);

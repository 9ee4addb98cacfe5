import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'graphql-ws';
import { EVENT_STORE, EventStore, EventStoreConfig } from '@ledger/event-store';
import {
  DEFAULT_AUDIENCE,
  LOCAL_ISSUER,
  TokenRequest,
  loadOrCreateLocalKey,
  mintLocalToken,
} from '@ledger/auth';
import { databaseUrl, requirePostgres, uniqueSchemaName, waitUntil } from '@ledger/testing';
import { LiveNotices } from '../../apps/gateway/src/live/live-notices';
import { heatingProjectApproval, heatingProjectProposal } from '../support/heating-project';
import {
  LedgerChange,
  LiveClients,
  Listening,
  heardAt,
  listen,
  noticesAt,
  percentile,
} from '../support/live-client';
import { RunningApp, startStandalone } from '../support/standalone-app';

interface CommandResult {
  position: string | null;
}

let keyCounter = 0;
const key = (label: string): string => `live-${label}-${process.pid}-${++keyCounter}`;

function suite(label: string, storeFor: () => EventStoreConfig | undefined, enabled: boolean) {
  (enabled ? describe : describe.skip)(
    `live updates on /graphql over graphql-ws (${label})`,
    () => {
      let running: RunningApp;
      /** The last test closes the app itself. */
      let closed = false;
      let store: EventStore;
      let live: LiveNotices;
      let clients: LiveClients;
      const changchunProject = `jl-live-cc-${process.pid}`;
      const jilinProject = `jl-live-jl-${process.pid}`;

      beforeAll(async () => {
        const storeConfig = storeFor();
        running = await startStandalone({
          ...(storeConfig ? { store: storeConfig } : { pglite: true }),
          schema: uniqueSchemaName('live'),
        });
        store = running.app.get<EventStore>(EVENT_STORE);
        live = running.app.get(LiveNotices);
        clients = new LiveClients(running.url.replace(/^http/, 'ws'));
        await command('proposeProject', 'ProposeProjectInput', {
          ...heatingProjectProposal(changchunProject, key('propose')),
        });
        await command('approveProject', 'ApproveProjectInput', {
          ...heatingProjectApproval(changchunProject, key('approve')),
        });
      }, 120_000);

      afterEach(async () => {
        await clients?.disposeAll();
        if (closed) return;
        // Every subscription of the test has ended on the server too.
        await waitUntil(() => live.size === 0, 'every subscription ended on the server', {
          timeoutMs: 5_000,
          intervalMs: 10,
        });
      });

      afterAll(async () => {
        if (!closed) await running?.close();
      });

      async function command(
        field: string,
        inputType: string,
        input: Record<string, unknown>,
      ): Promise<CommandResult> {
        const response = await running.graphql<Record<string, CommandResult>>(
          `mutation($input: ${inputType}!) { ${field}(input: $input) { position } }`,
          { input },
        );
        if (response.errors?.length) throw new Error(`${field}: ${response.errors[0]!.message}`);
        return response.data![field]!;
      }

      let payment = 0;
      function disburse(projectId = changchunProject): Promise<CommandResult> {
        payment += 1;
        return command('disburseFunds', 'DisburseFundsInput', {
          idempotencyKey: key('pay'),
          projectId,
          disbursementId: `LIVE-${payment}`,
          amount: '100.00',
          source: 'special_bonds',
          paidOn: '2021-04-20',
          payee: '长春热力集团',
        });
      }

      function client(connectionParams: Record<string, unknown>): Client {
        return clients.open(connectionParams);
      }

      async function clientAs(request: Partial<TokenRequest>): Promise<Client> {
        return clients.openWithToken(await running.token(request));
      }

      /** graphql-ws acknowledges no subscription: the server's count says when all are open. */
      async function opened(count: number): Promise<void> {
        await waitUntil(() => live.size === count, `${count} subscriptions open on the server`, {
          timeoutMs: 10_000,
          intervalMs: 10,
        });
      }

      const at = heardAt;

      /** The event the store holds at a position, as the notice should describe it. */
      async function recorded(position: string): Promise<Omit<LedgerChange, 'service'>> {
        const [event] = await store.readAll({
          after: BigInt(position) - 1n,
          maxCount: 1,
        });
        expect(event?.globalPosition.toString()).toBe(position);
        return {
          position,
          type: event!.type,
          streamId: event!.streamId,
          projectId: (event!.data as { projectId?: string }).projectId ?? null,
          recordedAt: event!.recordedAt.toISOString(),
        };
      }

      it("tells a supervisor and the project's region of a disbursement, not another region", async () => {
        const supervisor = listen(await clientAs({ role: 'supervisor' }));
        const changchun = listen(await clientAs({ role: 'region', region: 'changchun' }));
        const jilinCity = listen(await clientAs({ role: 'region', region: 'jilin-city' }));
        await opened(3);

        const paid = await disburse();
        expect(paid.position).not.toBeNull();
        // A project of Jilin city, proposed after: once jilin-city hears of it, it has been
        // asked about the disbursement before it (notices keep the log's order per subscriber).
        const other = await command('proposeProject', 'ProposeProjectInput', {
          ...heatingProjectProposal(jilinProject, key('propose')),
          regionCode: 'jilin-city',
          responsibleUnit: '吉林市热力集团',
        });
        await Promise.all([
          at(supervisor, paid.position),
          at(changchun, paid.position),
          at(supervisor, other.position),
          at(jilinCity, other.position),
        ]);

        const expected = { ...(await recorded(paid.position!)), service: 'planning' };
        expect(expected).toMatchObject({ type: 'FundsDisbursed', projectId: changchunProject });
        expect(noticesAt(supervisor, paid.position)).toEqual([expected]);
        expect(noticesAt(changchun, paid.position)).toEqual([expected]);
        expect(jilinCity.notices.map((n) => n.projectId)).not.toContain(changchunProject);
        expect(jilinCity.notices.map((n) => n.projectId)).toContain(jilinProject);

        // Notices about no project (the scores of a period, a region's flags) name units in
        // their streams: programme-wide readers hear them, scoped readers do not.
        const scored = await running.graphql<{ scorePeriod: Array<{ unit: string }> }>(
          `mutation { scorePeriod(period: "2021-06", idempotencyKey: "${key('score')}") { unit } }`,
        );
        expect(scored.errors).toBeUndefined();
        const scores = (listening: Listening) =>
          listening.notices.filter((n) => n.type === 'AssessmentScored');
        await waitUntil(() => scores(supervisor).length > 0, 'the supervisor heard of the scores', {
          timeoutMs: 10_000,
        });
        expect(scores(supervisor)[0]).toMatchObject({ service: 'assessment', projectId: null });
        // A later project notice shows the scoped readers' streams went past the scores.
        const after = await disburse();
        await Promise.all([at(changchun, after.position), at(supervisor, after.position)]);
        expect(scores(changchun)).toEqual([]);
        expect(scores(jilinCity)).toEqual([]);
        // The changchun region saw everything up to now except the Jilin city project.
        expect(changchun.notices.map((n) => n.projectId)).not.toContain(jilinProject);
        for (const listening of [supervisor, changchun, jilinCity])
          expect(listening.errors).toEqual([]);
      });

      it('gives only the notices of the project a subscription names', async () => {
        const on = await clientAs({ role: 'supervisor' });
        const onlyChangchun = listen(on, { projectId: changchunProject });
        const onlyJilin = listen(on, { projectId: jilinProject });
        await opened(2);
        const first = await disburse();
        const second = await disburse();
        await at(onlyChangchun, second.position);
        const positions = onlyChangchun.notices.map((n) => n.position);
        expect(positions).toEqual(expect.arrayContaining([first.position, second.position]));
        // Its risk checks are about the project too; nothing about any other project or none.
        expect(new Set(onlyChangchun.notices.map((n) => n.projectId))).toEqual(
          new Set([changchunProject]),
        );
        expect(onlyJilin.notices).toEqual([]);
      });

      it.each([
        ['no token', {}, 'connectionParams.authorization'],
        ['a malformed token', { authorization: 'Bearer not-a-token' }, 'not "Bearer <JWT>"'],
      ])('refuses a connection with %s (4403)', async (_label, params, reason) => {
        const refused = listen(client(params));
        await waitUntil(() => refused.errors.length > 0, 'refused', { timeoutMs: 10_000 });
        expect(refused.errors[0]).toMatchObject({ code: 4403 });
        expect((refused.errors[0] as { reason: string }).reason).toContain(reason);
      });

      it('refuses a token signed by another key, and closes a connection when its token expires', async () => {
        const foreign = await foreignToken();
        const refused = listen(client({ authorization: `Bearer ${foreign}` }));
        const expiring = listen(await clientAs({ role: 'supervisor', ttlSeconds: 2 }));
        await waitUntil(() => refused.errors.length > 0, 'refused', { timeoutMs: 10_000 });
        expect(refused.errors[0]).toMatchObject({ code: 4403 });
        expect((refused.errors[0] as { reason: string }).reason).toContain('the token was refused');
        await opened(1);
        await waitUntil(() => expiring.errors.length > 0, 'closed at expiry', {
          timeoutMs: 10_000,
        });
        expect(expiring.errors[0]).toMatchObject({ code: 4403 });
        expect((expiring.errors[0] as { reason: string }).reason).toContain('expired');
      });

      it('refuses queries and mutations on the socket', async () => {
        const on = await clientAs({ role: 'supervisor' });
        const errors: unknown[] = [];
        await new Promise<void>((resolve) =>
          on.subscribe(
            { query: '{ projects { totalCount } }' },
            {
              next: () => undefined,
              error: (error) => {
                errors.push(error);
                resolve();
              },
              complete: resolve,
            },
          ),
        );
        expect(JSON.stringify(errors)).toContain('subscriptions only');
      });

      // The latency goal is timed by `npm run bench:console`; here every payment must be heard once.
      it('hears each of 10 disbursements once, in order', async () => {
        const supervisor = listen(await clientAs({ role: 'supervisor' }));
        await opened(1);
        const fromRecorded: number[] = [];
        const fromSent: number[] = [];
        for (let i = 0; i < 10; i += 1) {
          const sent = Date.now();
          const paid = await disburse();
          await at(supervisor, paid.position);
          const notice = supervisor.notices.find((n) => n.position === paid.position)!;
          fromRecorded.push(notice.receivedAt - Date.parse(notice.recordedAt));
          fromSent.push(notice.receivedAt - sent);
        }
        console.log(
          `live updates, 10 disbursements (${label}): recordedAt -> notice p50 ${percentile(fromRecorded, 50)} ms, p99 ${percentile(fromRecorded, 99)} ms; ` +
            `mutation sent -> notice p50 ${percentile(fromSent, 50)} ms, p99 ${percentile(fromSent, 99)} ms`,
        );
        const positions = supervisor.notices.map((n) => n.position);
        expect(new Set(positions).size).toBe(positions.length);
        expect([...positions].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))).toEqual(positions);
      });

      it('closes its connections when the app closes, without waiting for them', async () => {
        const open = listen(await clientAs({ role: 'supervisor' }));
        await opened(1);
        const started = Date.now();
        closed = true;
        await running.close();
        expect(Date.now() - started).toBeLessThan(10_000);
        await waitUntil(() => open.errors.length > 0, 'the client told of the close', {
          timeoutMs: 5_000,
        });
        expect(open.errors[0]).toMatchObject({ code: 1001 });
        expect(live.size).toBe(0);
        clients.forget();
      });
    },
  );
}

suite('PGlite', () => undefined, true);
suite(
  'PostgreSQL',
  () => ({
    adapter: 'postgres',
    connectionString: databaseUrl(),
    schema: uniqueSchemaName('live_store'),
    poolSize: 10,
  }),
  requirePostgres('live updates on PostgreSQL'),
);

/** A well-formed token this app did not sign: from a second key, in a folder of its own. */
async function foreignToken(): Promise<string> {
  const other = await loadOrCreateLocalKey(mkdtempSync(join(tmpdir(), 'ledger-live-key-')));
  return mintLocalToken(other, LOCAL_ISSUER, DEFAULT_AUDIENCE, {
    role: 'supervisor',
    subject: 'intruder',
  });
}

import { IncomingMessage, Server } from 'node:http';
import { RunningApp, startStandalone } from '../support/standalone-app';

/** Spans two subgraphs: the plan's programme (planning) beside open risk flags (assessment). */
const OVERVIEW = `query Overview {
  programme { code networks { code leadDepartment } }
  riskFlags(first: 5) { subject rule }
}`;

describe('standalone: the gateway calls the subgraphs of its own process in process', () => {
  let running: RunningApp;
  const paths: string[] = [];
  const record = (req: IncomingMessage) => paths.push(req.url ?? '');

  beforeAll(async () => {
    running = await startStandalone();
    // Ahead of Express, which rewrites a mounted request's url.
    (running.app.getHttpServer() as Server).prependListener('request', record);
  });
  afterAll(() => running.close());
  beforeEach(() => paths.splice(0));

  it('answers a query over two subgraphs with one HTTP request, its own', async () => {
    const answer = await running.graphql<{ programme: { code: string }; riskFlags: unknown[] }>(
      OVERVIEW,
      {},
      { role: 'supervisor' },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.programme.code).toBeTruthy();
    expect(Array.isArray(answer.data?.riskFlags)).toBe(true);
    expect(paths).toEqual(['/graphql']);
  });

  it('still has each subgraph check the token it was forwarded', async () => {
    // The gateway lets a valid token through; the reporting subgraph's guard refuses the role.
    const query = `query { monthlySummary(period: "2021-06") { networkCode } }`;
    const region = { role: 'region', region: 'changchun' } as const;
    const answer = await running.graphql(query, {}, region);
    const direct = await fetch(running.url.replace(/\/graphql$/, '/subgraphs/reporting/graphql'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await running.token(region)}`,
      },
      body: JSON.stringify({ query }),
    });
    const overHttp = (await direct.json()) as {
      errors?: Array<{ extensions?: { code?: string } }>;
    };
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(overHttp.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(paths).toEqual(['/graphql', '/subgraphs/reporting/graphql']);
  });
});

import { RunningApp, startStandalone } from '../support/standalone-app';

/**
 * NODE_ENV=production: what a stranger could learn of the schema is nothing the client does
 * not already send. No introspection, no field suggestions, no GraphiQL page, at the gateway
 * and at every subgraph alike.
 */
describe('production mode', () => {
  let running: RunningApp;
  let token: string;
  const before = process.env.NODE_ENV;

  beforeAll(async () => {
    process.env.NODE_ENV = 'production';
    running = await startStandalone({ loadSeed: false });
    token = await running.token({ role: 'supervisor' });
  }, 120_000);

  afterAll(async () => {
    await running?.close();
    process.env.NODE_ENV = before;
  });

  const endpoints = () => {
    const base = running.url.replace(/\/graphql$/, '');
    return [running.url, `${base}/subgraphs/planning/graphql`, `${base}/subgraphs/audit/graphql`];
  };
  const post = async (url: string, query: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as { data?: unknown; errors?: Array<{ message: string }> };
  };

  it('refuses introspection', async () => {
    for (const url of endpoints()) {
      const answer = await post(url, '{ __schema { types { name } } }');
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors?.[0]?.message).toMatch(/introspection/i);
    }
  });

  it('does not suggest field names', async () => {
    for (const url of endpoints()) {
      const answer = await post(url, '{ ledgerStatu { adapter } }');
      expect(answer.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(answer.errors)).not.toMatch(/Did you mean/);
    }
    // The same mistake outside production gets the suggestion: the check above can fail.
  });

  it('serves no GraphiQL page', async () => {
    for (const url of endpoints()) {
      const response = await fetch(url, { headers: { accept: 'text/html' } });
      const body = await response.text();
      expect(body.toLowerCase()).not.toContain('graphiql');
    }
  });
});

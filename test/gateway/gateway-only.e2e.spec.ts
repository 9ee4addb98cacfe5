import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEFAULT_AUDIENCE, LOCAL_ISSUER } from '@ledger/auth';
import {
  GatewayOnlyModule,
  subgraphUrlsFromEnv,
} from '../../apps/gateway/src/gateway/gateway-only.module';
import { SUBGRAPHS, subgraphPath } from '../../apps/gateway/src/subgraphs';
import { RunningApp, startStandalone } from '../support/standalone-app';

/**
 * Distributed mode's gateway: a process of its own that only routes, in front of subgraphs
 * at URLs. Here the subgraphs are those of a standalone app; the gateway shares its key
 * (in production both read the identity provider's JWKS).
 */
describe('the gateway alone, in front of subgraphs at URLs', () => {
  let services: RunningApp;
  let gateway: INestApplication;
  let url: string;

  beforeAll(async () => {
    services = await startStandalone();
    const base = services.url.replace(/\/graphql$/, '');
    const env = Object.fromEntries(
      SUBGRAPHS.map((name) => [`${name.toUpperCase()}_URL`, `${base}${subgraphPath(name)}`]),
    );
    const urls = subgraphUrlsFromEnv(env);
    expect(urls).not.toBeNull();
    gateway = await NestFactory.create(
      GatewayOnlyModule.forRoot(urls!, {
        kind: 'local',
        keyDirectory: join(services.dataDir, 'auth'),
        issuer: LOCAL_ISSUER,
        audience: DEFAULT_AUDIENCE,
      }),
      { logger: ['error'] },
    );
    await gateway.listen(0, '127.0.0.1');
    url = `${(await gateway.getUrl()).replace('[::1]', '127.0.0.1')}/graphql`;
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await services?.close();
  });

  const ask = async (query: string, token: string | null) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('plans one query over several subgraphs and forwards the token to each', async () => {
    const token = await services.token({ role: 'auditor' });
    const { status, body } = await ask(
      `{ programme { totalInvestment { valueYi } } projects { totalCount }
         riskFlags(first: 1) { rule } eventLog(first: 1) { edges { node { type } } } }`,
      token,
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      data: {
        programme: { totalInvestment: { valueYi: '10962' } },
        projects: { totalCount: 160 },
        riskFlags: [],
        eventLog: { edges: [{ node: { type: 'ProgrammeEstablished' } }] },
      },
    });
  });

  it('refuses a request without a token before any subgraph is asked', async () => {
    const { status, body } = await ask('{ projects { totalCount } }', null);
    expect(status).toBe(401);
    expect(JSON.stringify(body)).toContain('UNAUTHENTICATED');
  });

  it('passes the subgraph’s refusal through: a supervisor may not read the event log', async () => {
    const token = await services.token({ role: 'supervisor' });
    const { body } = await ask('{ eventLog(first: 1) { edges { cursor } } }', token);
    expect(JSON.stringify(body)).toContain('FORBIDDEN');
  });

  it('needs every subgraph URL or none', () => {
    expect(() => subgraphUrlsFromEnv({ PLANNING_URL: 'http://x/graphql' })).toThrow(/set all of/);
    expect(subgraphUrlsFromEnv({})).toBeNull();
  });
});

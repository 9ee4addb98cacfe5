import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { NestFactory } from '@nestjs/core';
import { parse } from 'graphql';
import { loadOrCreateLocalKey, mintLocalToken } from '@ledger/auth';
import { ServicesModule } from '../services.module';
import { SUBGRAPHS, subgraphPath } from '../subgraphs';

/** Where the composed supergraph says each subgraph is; the gateway routes by name instead. */
const PLACEHOLDER_URL = (name: string) => `http://${name}.subgraph.invalid/graphql`;

/**
 * Composes the supergraph from the subgraphs as the code defines them now: the services are
 * started on an empty embedded store, each subgraph's SDL read (`_service { sdl }`), and
 * Apollo's composition run on them. Fails with composition's own errors. Each SDL is taken
 * as served: every subgraph's schema is built from its own types (subgraphGraphQLModule), so
 * no other service's type leaks into it.
 */
export async function composeSupergraph(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-supergraph-'));
  const auth = {
    kind: 'local',
    keyDirectory: join(dataDir, 'auth'),
    issuer: 'urn:progress-ledger:compose',
    audience: 'progress-ledger',
  } as const;
  const app = await NestFactory.create(
    ServicesModule.forRoot({
      store: { adapter: 'pglite', dataDir },
      planning: { readModelSchema: 'planning', loadSeed: false },
      reporting: { readModelSchema: 'reporting', deadlineCheckIntervalMs: 0 },
      assessment: { readModelSchema: 'assessment', sweepIntervalMs: 0 },
      auth,
    }),
    { logger: ['error'] },
  );
  try {
    await app.listen(0, '127.0.0.1');
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    // A subgraph answers nothing, not even its SDL, without a token.
    const token = await mintLocalToken(
      await loadOrCreateLocalKey(auth.keyDirectory),
      auth.issuer,
      auth.audience,
      { role: 'auditor', subject: 'supergraph-composition' },
    );
    const services = [];
    for (const name of SUBGRAPHS) {
      const response = await fetch(`${base}${subgraphPath(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
      });
      const body = (await response.json()) as { data?: { _service: { sdl: string } } };
      const sdl = body.data?._service.sdl;
      if (!sdl) throw new Error(`${name}: no SDL (${JSON.stringify(body)})`);
      services.push({ name, url: PLACEHOLDER_URL(name), typeDefs: parse(sdl) });
    }
    const result = composeServices(services);
    if (result.errors) {
      throw new Error(`composition failed:\n${result.errors.map((e) => e.message).join('\n')}`);
    }
    return `${result.supergraphSdl.trim()}\n`;
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

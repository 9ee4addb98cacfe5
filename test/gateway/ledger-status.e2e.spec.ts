import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { AppModule } from '../../apps/gateway/src/app.module';

/** The standalone gateway on its embedded default, queried over real HTTP. */
describe('gateway: ledgerStatus over GraphQL (PGlite on disk)', () => {
  let app: INestApplication;
  let url: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-gateway-'));
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ adapter: 'pglite', dataDir })],
    }).compile();
    app = moduleRef.createNestApplication();
    await app.listen(0, '127.0.0.1');
    url = `${await app.getUrl()}/graphql`;
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function query(body: string): Promise<unknown> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: body }),
    });
    expect(response.status).toBe(200);
    return response.json();
  }

  it('reports an empty log, then the head position after an append', async () => {
    expect(await query('{ ledgerStatus { adapter headPosition } }')).toEqual({
      data: { ledgerStatus: { adapter: 'pglite', headPosition: null } },
    });

    const store = app.get<EventStore>(EVENT_STORE);
    const result = await store.appendToStream(
      'status-probe-1',
      [{ type: 'ProbeRecorded', data: {}, metadata: { actor: 'test' } }],
      { expectedVersion: 'no_stream' },
    );

    expect(await query('{ ledgerStatus { headPosition } }')).toEqual({
      data: { ledgerStatus: { headPosition: result.lastPosition.toString() } },
    });
  });
});

import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { relayProbes } from '../metrics';
import { serveHealth } from './health-server';
import { relayCaughtUp } from './readiness-checks';

/** The relay's plain server: the same paths and answers as the Nest processes'. */
describe('serveHealth (the relay’s /health and /metrics)', () => {
  let server: Server;
  let origin: string;
  const limits = { maxLagEvents: 10, maxLagSeconds: 30 };

  beforeAll(async () => {
    server = await serveHealth([relayCaughtUp(limits, { expected: true })], 0);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    relayProbes.clear();
    await new Promise((resolve) => server.close(resolve));
  });

  it('is live at once, and ready only once the relay runs within the limits', async () => {
    expect((await fetch(`${origin}/health/live`)).status).toBe(200);
    const starting = await fetch(`${origin}/health/ready`);
    expect(starting.status).toBe(503);
    expect(await starting.json()).toMatchObject({
      status: 'error',
      error: { relay: { status: 'down', message: 'not started: connecting to Kafka' } },
    });

    let lag = { events: 40, seconds: 2 };
    const remove = relayProbes.add('kafka', {
      name: 'kafka',
      position: () => 60n,
      running: () => true,
      lag: () => Promise.resolve(lag),
    });
    const behind = await fetch(`${origin}/health/ready`);
    expect(behind.status).toBe(503);
    expect(await (await fetch(`${origin}/metrics`)).text()).toMatch(/^ledger_ready 0$/m);
    expect(await behind.json()).toMatchObject({
      error: {
        'relay:kafka': {
          status: 'down',
          lagEvents: 40,
          message: '40 events behind (READY_MAX_LAG_EVENTS=10)',
        },
      },
    });

    lag = { events: 0, seconds: 0 };
    const ready = await fetch(`${origin}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      info: { 'relay:kafka': { status: 'up', position: '60' } },
    });

    // Scraped, the relay's figures are its probe's.
    const metrics = await (await fetch(`${origin}/metrics`)).text();
    expect(metrics).toMatch(/^ledger_relay_position 60$/m);
    expect(metrics).toMatch(/^ledger_relay_lag_events 0$/m);
    expect(metrics).toMatch(/^ledger_ready 1$/m);
    remove();
    expect((await fetch(`${origin}/nothing`)).status).toBe(404);
  });
});

import { Server, createServer } from 'node:http';
import { enableProcessMetrics, metricsText } from '../metrics';
import { ReadinessCheck, exposeReadiness, runChecks } from './readiness-checks';

/**
 * /health/live, /health/ready and /metrics for a process without Nest (the relay): the
 * same paths and JSON as HealthModule, on a plain node:http server.
 */
export function serveHealth(
  checks: readonly ReadinessCheck[],
  port: number,
  host = '127.0.0.1',
): Promise<Server> {
  enableProcessMetrics();
  exposeReadiness(checks);
  let shuttingDown = false;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    const json = (status: number, body: unknown) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { error: 'GET only' });
    const answer = async () => {
      if (path === '/health/live')
        return json(200, { status: 'ok', info: {}, error: {}, details: {} });
      if (path === '/health/ready') {
        const report = await runChecks(checks);
        if (shuttingDown) return json(503, { ...report, status: 'shutting_down' });
        return json(report.status === 'ok' ? 200 : 503, report);
      }
      if (path === '/metrics') {
        const { contentType, body } = await metricsText();
        res.setHeader('content-type', contentType);
        res.setHeader('cache-control', 'no-store');
        res.end(body);
        return;
      }
      json(404, { error: `no ${path} here: /health/live, /health/ready, /metrics` });
    };
    answer().catch((error: unknown) => json(500, { error: String(error) }));
  });
  server.on('close', () => (shuttingDown = true));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

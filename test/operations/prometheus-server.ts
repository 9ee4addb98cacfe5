import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCi, waitUntil } from '@ledger/testing';
import { freePort } from '../support/processes';

export const PROMETHEUS = '/usr/bin/prometheus';

/** Whether Debian's prometheus is installed; with CI=true its absence fails the suite. */
export function prometheusInstalled(suite: string): boolean {
  if (existsSync(PROMETHEUS)) return true;
  const message = `${suite}: ${PROMETHEUS} is missing (apt-get install prometheus)`;
  if (isCi()) throw new Error(`${message}. CI=true, so this fails instead of skipping.`);
  process.stderr.write(`SKIPPED ${message}\n`);
  return false;
}

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

/** A real Prometheus scraping `targets` (host:port) every second, as job `ledger`. */
export interface RunningPrometheus {
  query(promql: string): Promise<Sample[]>;
  /** A single-valued expression's value; null when it selects no series. */
  value(promql: string): Promise<number | null>;
  /** Resolves once every target was scraped after the call. */
  nextScrape(): Promise<void>;
  /** Waits until `check` holds, with Prometheus's output on failure. */
  until(check: () => Promise<boolean>, what: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrometheus(targets: string[]): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: ledger',
      '    metrics_path: /metrics',
      '    static_configs:',
      `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const until = (check: () => Promise<boolean>, what: string) =>
    waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited:\n${log}`);
        return check();
      },
      what,
      { timeoutMs: 20_000, intervalMs: 200, why: () => log },
    );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const query = async (promql: string): Promise<Sample[]> => {
    const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await response.json()) as {
      status: string;
      data?: { result: Sample[] };
      error?: string;
    };
    if (body.status !== 'success') throw new Error(`${promql}: ${body.error ?? body.status}`);
    return body.data!.result;
  };
  const value = async (promql: string): Promise<number | null> => {
    const [first] = await query(promql);
    return first === undefined ? null : Number(first.value[1]);
  };

  try {
    await until(
      async () => (await fetch(`${url}/-/ready`).catch(() => null))?.ok === true,
      'prometheus to be ready',
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    query,
    value,
    until,
    stop,
    async nextScrape() {
      const after = Date.now() / 1000;
      await until(
        async () => ((await value('min(timestamp(up{job="ledger"}))')) ?? 0) > after + 0.5,
        'a scrape after now',
      );
    },
  };
}

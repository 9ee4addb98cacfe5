import { execFileSync } from 'node:child_process';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
}

export function isCi(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

/**
 * Whether PostgreSQL answers at DATABASE_URL, decided synchronously so a spec can choose
 * between `describe` and `describe.skip` while Jest collects tests. With CI=true a
 * missing server is an error, not a skip: CI must never pass by testing nothing.
 */
export function requirePostgres(suite: string): boolean {
  const url = databaseUrl();
  const probe = `const { Client } = require('pg');
    const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
    c.connect().then(() => c.query('select 1')).then(() => c.end()).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); });`;
  try {
    execFileSync(process.execPath, ['-e', probe, url], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 10_000,
    });
    return true;
  } catch (error) {
    const detail =
      error instanceof Error && 'stderr' in error
        ? String((error as { stderr: unknown }).stderr).trim()
        : String(error);
    const message = `${suite}: PostgreSQL is not reachable at ${url} (${detail})`;
    if (isCi()) throw new Error(`${message}. CI=true, so this fails instead of skipping.`);
    process.stderr.write(`SKIPPED ${message}. Start it, or set DATABASE_URL.\n`);
    return false;
  }
}

/** A schema name unique to this test file's run, so parallel runs never share tables. */
export function uniqueSchemaName(label: string): string {
  return `t_${label}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
}

export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:19092';

export function kafkaBrokers(): string[] {
  return (process.env.KAFKA_BROKERS ?? DEFAULT_KAFKA_BROKERS).split(',');
}

/**
 * Whether a Kafka broker answers at KAFKA_BROKERS (default: the one tools/kafka/broker.sh
 * starts). With CI=true a missing broker fails the run instead of skipping.
 */
export function requireKafka(suite: string): boolean {
  const [host, port] = kafkaBrokers()[0]!.split(':');
  const probe = `const s = require('net').connect(${Number(port)}, ${JSON.stringify(host)});
    s.setTimeout(3000, () => process.exit(1)); s.on('connect', () => process.exit(0)); s.on('error', () => process.exit(1));`;
  try {
    execFileSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    const message = `${suite}: no Kafka broker at ${kafkaBrokers().join(',')}`;
    if (isCi()) throw new Error(`${message}. CI=true, so this fails instead of skipping.`);
    process.stderr.write(`SKIPPED ${message}. Start one with tools/kafka/broker.sh start.\n`);
    return false;
  }
}

/** A command-line tool a suite runs (kcat); CI installs it, so there its absence fails. */
export function requireCommand(command: string, suite: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    const message = `${suite}: ${command} is not installed`;
    if (isCi()) throw new Error(`${message}. CI=true, so this fails instead of skipping.`);
    process.stderr.write(`SKIPPED ${message} (apt-get install ${command}).\n`);
    return false;
  }
}

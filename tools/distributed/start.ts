/**
 * npm run start:distributed [-- --restart] [-- --no-build]
 *
 * The distributed run on one command, on this machine: checks PostgreSQL at DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres), starts the Kafka broker
 * (tools/kafka/broker.sh) unless one answers at KAFKA_BROKERS, builds once, then launches
 * the relay, planning, two reporting instances in one consumer group, assessment, audit and
 * the gateway in front, each its own process, and waits for each to be ready. Every line a
 * process writes is prefixed with its name. Ctrl-C (or SIGTERM) stops them newest first and
 * waits for each, then the broker if this command started it.
 *
 *   --restart        start a process that dies again (after 1 s, 2 s, ... up to 30 s)
 *   --no-build       run the build already in dist/
 *   DISTRIBUTED_BASE_PORT=4000   gateway 4000, planning 4001, reporting 4002 and 4006,
 *                                assessment 4003, audit 4004, relay 4005
 * Any other setting (schemas, KAFKA_TOPIC_PREFIX, LOG_LEVEL, ...) is passed to every process.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrCreateLocalKey } from '@ledger/auth';
import { SettingError, redactCredentials } from '@ledger/domain-kernel';
import {
  DEFAULT_KAFKA_BROKERS,
  DistributedRun,
  ROOT,
  checkPostgres,
  processPlan,
  runSettingsFromEnv,
  startInOrder,
  statusTable,
  tcpAnswers,
} from './run';

const USAGE = `usage: npm run start:distributed [-- --restart] [-- --no-build]
  --restart    start a process that dies again (after 1 s, 2 s, ... up to 30 s)
  --no-build   run the build already in dist/
  DISTRIBUTED_BASE_PORT=4000: gateway 4000, planning 4001, reporting 4002 and 4006, assessment 4003, audit 4004, relay 4005`;

const COLOURS = [36, 33, 35, 32, 34, 96, 93, 95];
const tty = process.stdout.isTTY === true;

function say(text: string): void {
  process.stdout.write(`${label('launcher')}${text}\n`);
}

let width = 'reporting-1'.length;
const colourOf = new Map<string, number>();
function label(name: string): string {
  const padded = `${name.padEnd(width)} | `;
  if (!tty) return padded;
  if (!colourOf.has(name)) colourOf.set(name, COLOURS[colourOf.size % COLOURS.length]!);
  return `\x1b[${colourOf.get(name)}m${padded}\x1b[0m`;
}

function fail(message: string): never {
  process.stderr.write(`start:distributed: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let values: { restart: boolean; 'no-build': boolean; help: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        restart: { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let settings;
  try {
    settings = runSettingsFromEnv(process.env);
  } catch (error) {
    if (error instanceof SettingError) fail(error.message);
    throw error;
  }

  const pgProblem = await checkPostgres(settings.databaseUrl);
  if (pgProblem !== null) {
    fail(
      `PostgreSQL does not answer at ${redactCredentials(settings.databaseUrl)}: ${pgProblem}\n` +
        '  start it (pg_ctlcluster 15 main start, or the postgres service of docker-compose.yml), or point DATABASE_URL at one',
    );
  }
  say(`PostgreSQL answers at ${redactCredentials(settings.databaseUrl)}`);

  // A broker of our own only for the default local address: another one is someone else's.
  let startedKafka = false;
  const firstBroker = settings.kafkaBrokers[0]!;
  if (await tcpAnswers(firstBroker)) {
    say(`Kafka answers at ${settings.kafkaBrokers.join(',')}: reusing it`);
  } else if (settings.kafkaBrokers.join(',') === DEFAULT_KAFKA_BROKERS) {
    say('starting the Kafka broker (tools/kafka/broker.sh start)');
    const kafka = spawnSync(join(ROOT, 'tools', 'kafka', 'broker.sh'), ['start'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (kafka.status !== 0) fail('the Kafka broker did not start (see above)');
    startedKafka = true;
  } else {
    fail(`Kafka does not answer at ${settings.kafkaBrokers.join(',')} (KAFKA_BROKERS)`);
  }
  const stopKafka = () => {
    if (!startedKafka) return;
    say('stopping the Kafka broker this command started');
    spawnSync(join(ROOT, 'tools', 'kafka', 'broker.sh'), ['stop'], { cwd: ROOT, stdio: 'inherit' });
  };

  if (!values['no-build']) {
    say('building every app once (nest build gateway)');
    const build = spawnSync(
      process.execPath,
      [require.resolve('@nestjs/cli/bin/nest.js'), 'build', 'gateway'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    if (build.status !== 0) {
      stopKafka();
      fail(`nest build gateway failed (exit ${build.status})`);
    }
  }

  // One standalone signing key for every process, made before any starts (with a JWKS URL
  // the identity provider signs instead).
  const shared: Record<string, string> = {};
  if (!process.env.AUTH_JWKS_URL) {
    const keyDirectory =
      process.env.AUTH_KEY_DIR ?? join(process.env.DATA_DIR ?? join(ROOT, 'data'), 'auth');
    await loadOrCreateLocalKey(keyDirectory);
    shared.AUTH_KEY_DIR = keyDirectory;
  }

  const plan = processPlan(settings, shared);
  width = Math.max(width, ...plan.map((p) => p.name.length));
  let shuttingDown = false;
  let started = false;
  const lastState = new Map<string, string>();
  const run = new DistributedRun(plan, settings.host, {
    restart: values.restart,
    // Once everything has started, a process that comes back (--restart) is announced.
    changed: () => {
      for (const status of run.status()) {
        const before = lastState.get(status.name);
        lastState.set(status.name, status.state);
        if (started && status.state === 'ready' && before !== 'ready') {
          say(
            `${status.name} is ready again (pid ${status.pid ?? '-'}, restart ${status.restarts})`,
          );
          process.stdout.write(`${statusTable(run.status())}\n`);
        }
      }
    },
    line: (name, text) => process.stdout.write(`${label(name)}${text}\n`),
    died: (status) => {
      say(
        `${status.name} (pid ${status.pid ?? '-'}) exited unexpectedly: ${status.exit}` +
          (values.restart ? '; starting it again' : '; the others go on (--restart restarts it)'),
      );
      process.stdout.write(`${statusTable(run.status())}\n`);
    },
  });

  const shutdown = async (signal: string) => {
    if (shuttingDown) {
      say(`${signal} again: killing every process now`);
      for (const s of run.status()) if (s.pid !== null) process.kill(s.pid, 'SIGKILL');
      process.exit(130);
    }
    shuttingDown = true;
    say(`${signal}: stopping the processes, newest first`);
    await run.stopAll();
    process.stdout.write(`${statusTable(run.status())}\n`);
    stopKafka();
    process.exit(0);
  };
  process.on('exit', () => run.killAll());
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    await startInOrder(run, plan);
  } catch (error) {
    say(`${error instanceof Error ? error.message : String(error)}: stopping`);
    process.stdout.write(`${statusTable(run.status())}\n`);
    await run.stopAll();
    stopKafka();
    process.exit(1);
  }
  started = true;
  const gateway = run.spec('gateway');
  process.stdout.write(`\n${statusTable(run.status())}\n\n`);
  say(
    `ready: GraphQL and the console on http://127.0.0.1:${gateway.port}/ ` +
      `(a token: npm run -s token -- --role supervisor); Ctrl-C stops everything`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `start:distributed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

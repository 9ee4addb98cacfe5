/**
 * A second process for the embedded PostgreSQL tests: opens the embedded store on DATA_DIR
 * (argv[2]), appends one event to the stream argv[3] when given, prints "ready <position>"
 * and holds the store open until it is killed. A refusal is printed on stderr, exit code 1.
 */
import { openEventStore } from '@ledger/event-store';

async function main(): Promise<void> {
  const [dataDir, stream] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: embedded-store-process DATA_DIR [STREAM]');
  const store = await openEventStore(
    { adapter: 'embedded-postgres', dataDir, schema: 'event_store', poolSize: 2 },
    { log: () => undefined },
  );
  const appended = stream
    ? await store.appendToStream(stream, [
        { type: 'FundsDisbursed', data: { amount: '1250000.50' }, metadata: { actor: 'drc' } },
      ])
    : null;
  process.stdout.write(`ready ${appended?.lastPosition ?? ''}\n`);
  // Held open: the test ends this process, by a signal of its choosing.
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

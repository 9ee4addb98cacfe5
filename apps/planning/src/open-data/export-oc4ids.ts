/**
 * npm run export:oc4ids -- [--out FILE] [--uri URI] [--prefix oc4ids-xxxxxx] [--include-synthetic]
 *
 * Reads the whole event log of the configured store (the same environment as `npm start`:
 * EVENT_STORE, DATA_DIR, DATABASE_URL ...) and writes one OC4IDS 0.9.5 project package of
 * every project, to FILE or stdout. Stop the standalone process first when it runs on PGlite,
 * which allows one process per data folder.
 */
import { writeFileSync } from 'fs';
import {
  RecordedEvent,
  eventStoreConfigFromEnv,
  openEventStore,
  withVersioning,
} from '@ledger/event-store';
import { LEDGER_EVENT_VERSIONS } from '@ledger/contracts';
import { historiesFromRecordedEvents } from './histories-from-log';
import { DEFAULT_PUBLISHER, exportProjectPackage } from './oc4ids-package';
import { DEFAULT_PROJECT_ID_PREFIX } from './oc4ids-project';
import { programmeReferenceFromEvents } from './programme-reference';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

async function main(): Promise<void> {
  // Every event at its type's current version: the export reads what the services read.
  const store = withVersioning(
    await openEventStore(eventStoreConfigFromEnv()),
    LEDGER_EVENT_VERSIONS,
  );
  const recorded: RecordedEvent[] = [];
  try {
    for (;;) {
      const last = recorded.at(-1);
      const batch = await store.readAll({
        ...(last ? { after: last.globalPosition } : {}),
        maxCount: 5000,
      });
      if (batch.length === 0) break;
      recorded.push(...batch);
    }
  } finally {
    await store.close();
  }
  const { programme, projects } = historiesFromRecordedEvents(recorded);
  const pkg = exportProjectPackage(projects, programmeReferenceFromEvents(programme), {
    uri: option('--uri') ?? 'https://example.org/progress-ledger/oc4ids/jilin-761.json',
    publisher: DEFAULT_PUBLISHER,
    idPrefix: option('--prefix') ?? DEFAULT_PROJECT_ID_PREFIX,
    includeSynthetic: process.argv.includes('--include-synthetic'),
  });
  const text = `${JSON.stringify(pkg, null, 2)}\n`;
  const out = option('--out');
  if (out) {
    writeFileSync(out, text);
    console.error(`${pkg.projects.length} projects written to ${out}`);
  } else {
    // A reader that stops early (`| head`) is not an error of the export.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
    process.stdout.write(text);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

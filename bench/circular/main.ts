/**
 * npm run bench:circular — the time to issue and generate the month's 通报 on the SYNTHETIC
 * programme of bench:reporting (generated, marked synthetic), in this process, on a real
 * store: the assessment read models rebuilt, every project swept against the risk rules (the
 * red flags the circular counts), the month scored, summonses recorded from red flags, and
 * some of the month's dispatch reports recorded overdue (synthetic, by this bench: the
 * synthetic programme has none). Then:
 * - issue: counting every figure with its events and appending CircularIssued, once;
 * - document: reading the issued circular and writing the docx, BENCH_RUNS times (what
 *   `Query.circularDocument` does per request, without the HTTP).
 *
 *   BENCH_PROJECTS, BENCH_MONTHS, BENCH_DISBURSEMENTS   the programme's size (see bench:reporting)
 *   BENCH_STORES=postgres   BENCH_RUNS=10   BENCH_SUMMONSES=20   BENCH_OVERDUE_SHARE=0.1   BENCH_JSON=file
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { cpus, loadavg } from 'node:os';
import { EventStore } from '@ledger/event-store';
import { FixedClock, LocalDate } from '@ledger/domain-kernel';
import { asStoreRunner } from '@ledger/event-sourcing';
import { RiskAssessor } from '../../apps/assessment/src/risk/write/risk-assessor';
import { AssessmentReadModels } from '../../apps/assessment/src/read-models/assessment-read-models';
import { PeriodScorer } from '../../apps/assessment/src/score/write/period-scorer';
import { SupervisionQueries } from '../../apps/assessment/src/supervision/supervision.queries';
import { SupervisionWriter } from '../../apps/assessment/src/supervision/write/supervision-writer';
import { circularDocument } from '../../apps/assessment/src/supervision/document/circular-document';
import { Figure, reportFigures } from '../shared/figures';
import { benchStores, readModelDatabaseOf, storeTarget } from '../shared/store-targets';
import { SYNTHETIC, fillSynthetic } from '../shared/synthetic-fill';

const RUNS = Number(process.env.BENCH_RUNS ?? '10');
const SUMMONSES = Number(process.env.BENCH_SUMMONSES ?? '20');
const OVERDUE_SHARE = Number(process.env.BENCH_OVERDUE_SHARE ?? '0.1');
/** Mid-programme: the synthetic projects have reported through June 2023 by then. */
const MONTH = '2023-07';
const OVERDUE_MONTHS = ['2023-05', '2023-06', MONTH];
const TODAY = '2023-07-31';
const clock = new FixedClock(TODAY as LocalDate);

interface Figures {
  store: string;
  events: number;
  openRedFlags: number;
  figures: number;
  documentBytes: number;
  issueMs: number;
  documentMs: number[];
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function bench(kind: string): Promise<Figures> {
  const target = storeTarget(kind, 'bench_circular');
  process.stderr.write(`${target.label}\n`);
  const store: EventStore = await target.openStore();
  try {
    const events = await fillSynthetic(store);
    const options = { readModelSchema: target.schemas.assessment, sweepIntervalMs: 0 };
    const db = readModelDatabaseOf(store);
    const readModels = new AssessmentReadModels(store, db, options);
    const catchUp = async () => {
      const head = (await store.headPosition())!;
      for (const feed of [readModels.facts, readModels.views, readModels.supervision])
        await asStoreRunner(feed).catchUpTo(head);
    };
    await readModels.start();
    process.stderr.write('  rebuilding the assessment read models\n');
    await catchUp();
    // Some of the month's reports overdue, as the reporting watcher would record them.
    const facts = await readModels.factsOf(null);
    const overdue = facts.filter((_, i) => i % Math.round(1 / OVERDUE_SHARE) === 0);
    for (const f of overdue) {
      // Three months running: enough for the reports-late rule's red (its threshold is 3).
      await store.appendToStream(
        `dispatch-reports-${f.projectId}`,
        OVERDUE_MONTHS.map((period) => ({
          type: 'DispatchReportOverdue',
          data: { projectId: f.projectId, period, dueOn: `${period}-28`, recordedOn: TODAY },
          metadata: { actor: 'synthetic:bench-circular', validAt: `${period}-01T00:00:00+08:00` },
        })),
      );
    }
    process.stderr.write('  sweeping every project against the risk rules\n');
    await new RiskAssessor(store, clock, options, readModels).assess(null);
    await new PeriodScorer(store, clock, readModels).score(MONTH, 'bench', `bench-score-${MONTH}`);
    await catchUp();
    const queries = new SupervisionQueries(db, options);
    const writer = new SupervisionWriter(store, clock, readModels, queries);
    const red = (await readModels.flags({ severity: 'red', status: 'open' }, 1_000_000)).filter(
      (f) => f.project_id !== null && f.responsible_unit !== null,
    );
    for (const [i, f] of red.slice(0, SUMMONSES).entries()) {
      await writer.recordSummons(
        {
          summonsId: `BENCH-${i}`,
          projectId: f.project_id,
          unitCode: f.responsible_unit!.replace(/\s/g, ''),
          reason: `SYNTHETIC: ${f.rule} red`,
          flagIds: [f.flag_id],
          scoreRefs: [],
          heldOn: TODAY,
        },
        'bench',
        `bench-summons-${i}`,
      );
    }
    await catchUp();
    process.stderr.write(`  issuing the circular of ${MONTH}\n`);
    const started = performance.now();
    const issued = await writer.issueCircular(MONTH, null, 'bench', `bench-circular-${MONTH}`);
    const issueMs = performance.now() - started;
    await catchUp();
    const documentMs: number[] = [];
    let documentBytes = 0;
    for (let run = 0; run < RUNS; run++) {
      const t = performance.now();
      const [row] = await queries.circulars(MONTH);
      const bytes = await circularDocument({
        circularId: row!.circular_id,
        month: row!.month,
        issuedOn: row!.issued_on,
        namedUnits: row!.named_units,
        figures: row!.figures,
        eventId: row!.event_id,
        position: row!.position,
        names: await queries.unitNames(),
      });
      documentMs.push(performance.now() - t);
      documentBytes = bytes.length;
    }
    const openRedFlags = (await readModels.flags({ severity: 'red', status: 'open' }, 1_000_000))
      .length;
    const allFlags = await readModels.flags({}, 1_000_000);
    process.stderr.write(
      `  flags: ${allFlags.length} (${allFlags.filter((f) => f.severity === 'red').length} red, ${allFlags.filter((f) => f.status === 'open').length} open)\n`,
    );
    await readModels.onApplicationShutdown();
    return {
      store: target.label,
      events,
      openRedFlags,
      figures: issued.figures,
      documentBytes,
      issueMs,
      documentMs,
    };
  } finally {
    await store.close();
    await target.dispose();
  }
}

function figuresOf(all: Figures[]): Figure[] {
  return all.flatMap((f) => [
    {
      name: `${f.store}: issue the circular`,
      value: Math.round(f.issueMs),
      unit: 'ms',
      better: 'lower' as const,
    },
    {
      name: `${f.store}: circular docx: median`,
      value: Math.round(median(f.documentMs)),
      unit: 'ms',
      better: 'lower' as const,
    },
  ]);
}

async function main(): Promise<void> {
  // One log line per command would drown the table.
  Logger.overrideLogger(['error', 'warn']);
  const all: Figures[] = [];
  for (const kind of benchStores('postgres')) all.push(await bench(kind));
  const header = [
    'store',
    'events (synthetic)',
    'open red flags',
    'figures',
    'issue ms',
    `docx ms (median of ${RUNS})`,
    'docx ms (max)',
    'docx KiB',
  ];
  console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const f of all) {
    console.log(
      `| ${f.store} | ${f.events.toLocaleString('en-US')} | ${f.openRedFlags} | ${f.figures} | ${f.issueMs.toFixed(0)} | ${median(f.documentMs).toFixed(0)} | ${Math.max(...f.documentMs).toFixed(0)} | ${(f.documentBytes / 1024).toFixed(0)} |`,
    );
  }
  console.log(
    `\nSYNTHETIC programme: ${SYNTHETIC.projects} projects x ${SYNTHETIC.months} months, ${SYNTHETIC.disbursements} disbursements/month; ${SUMMONSES} summonses, ${OVERDUE_SHARE * 100} % of projects overdue for ${OVERDUE_MONTHS.join(', ')}; circular of ${MONTH} on ${TODAY}. Node ${process.version}, ${cpus().length} CPUs (load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} at the end), ${new Date().toISOString()}.`,
  );
  reportFigures('circular', figuresOf(all));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { EventStore } from '@ledger/event-store';
import { loadPrcCalendar } from '../../apps/reporting/src/calendar/working-calendar';
import { syntheticProgramme } from '../../seeds/synthetic/synthetic-programme';

/** The SYNTHETIC programme's size, from the environment (defaults: the full programme). */
export const SYNTHETIC = {
  projects: Number(process.env.BENCH_PROJECTS ?? '2188'),
  months: Number(process.env.BENCH_MONTHS ?? '72'),
  disbursements: Number(process.env.BENCH_DISBURSEMENTS ?? '5'),
};

const calendar = loadPrcCalendar();
const dueOn = (period: string): string =>
  calendar.dispatchReportDueDate(Number(period.slice(0, 4)), Number(period.slice(5, 7)));

/** Appends the synthetic programme (generated, marked synthetic) and returns how many events. */
export async function fillSynthetic(store: EventStore, chunk = 1000): Promise<number> {
  let events = 0;
  const started = performance.now();
  for (const stream of syntheticProgramme({
    projects: SYNTHETIC.projects,
    months: SYNTHETIC.months,
    disbursementsPerMonth: SYNTHETIC.disbursements,
    seed: 761,
    dueOn,
  })) {
    for (let at = 0; at < stream.events.length; at += chunk) {
      await store.appendToStream(
        stream.streamId,
        stream.events.slice(at, at + chunk).map((e) => ({
          type: e.type,
          data: e.data as never,
          metadata: { actor: 'synthetic:generator' },
        })),
      );
    }
    events += stream.events.length;
    if (events % 50_000 < stream.events.length) {
      const rate = events / ((performance.now() - started) / 1000);
      process.stderr.write(
        `\r  appended ${events.toLocaleString('en-US')} events (${rate.toFixed(0)}/s)   `,
      );
    }
  }
  process.stderr.write('\n');
  return events;
}

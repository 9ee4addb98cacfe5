import { asRecorded } from '@ledger/testing';
import { historiesFromRecordedEvents } from './histories-from-log';
import { exportProjectPackage } from './oc4ids-package';
import { programmeReferenceFromEvents } from './programme-reference';
import { report, seedProgrammeEvents, seededProjectStreams } from './testing/oc4ids-fixtures';

describe('reading the export’s input from the global log', () => {
  it('Given the programme, two project streams and a report stream interleaved, Then each project gets its own events and reports', () => {
    const streams = [...seededProjectStreams()].slice(0, 2);
    const [[firstId, firstEvents], [secondId, secondEvents]] = streams as [
      [string, (typeof streams)[0][1]],
      [string, (typeof streams)[0][1]],
    ];
    const log = asRecorded([
      ...seedProgrammeEvents().map((e) => ({ ...e, streamId: 'programme-jilin-761' })),
      ...firstEvents.map((e) => ({ ...e, streamId: `project-${firstId}` })),
      { ...report(secondId, '2020-05', '0.00', '0.00'), streamId: `dispatch-reports-${secondId}` },
      ...secondEvents.map((e) => ({ ...e, streamId: `project-${secondId}` })),
      // Someone else's stream whose event type happens to be a project event type: not ours.
      { ...firstEvents[0]!, streamId: 'elsewhere-1' },
    ]);
    const { programme, projects } = historiesFromRecordedEvents(log);
    expect(programme).toHaveLength(seedProgrammeEvents().length);
    expect(projects.map((p) => [p.events.length, p.reports?.length])).toEqual([
      [firstEvents.length, 0],
      [secondEvents.length, 1],
    ]);
    const pkg = exportProjectPackage(projects, programmeReferenceFromEvents(programme), {
      uri: 'https://example.org/p.json',
      publisher: { name: 'test' },
    });
    // Without an explicit date the package is dated by its newest change, not by a clock.
    expect(pkg.publishedDate).toBe(new Date(0).toISOString());
    expect(pkg.projects).toHaveLength(2);
  });
});

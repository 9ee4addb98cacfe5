import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'prettier';
import {
  BEGIN_MARKER,
  END_MARKER,
  ResultRow,
  compareFigures,
  figuresFromStoreTable,
  parseResultsTable,
  renderResultsSection,
  replaceResultsSection,
} from '../../bench/all/results-table';
import type { Figure } from '../../bench/shared/figures';

const run = {
  date: '2026-12-01 15:40 UTC',
  commit: 'abc1234',
  loadAverageAtStart: [0.5, 0.4, 0.3],
  loadAverageAtEnd: [1.5, 1.2, 0.8],
  machine: '2 cores',
  scale: 'Short scale.',
  benches: [{ name: 'bench:planning', outcome: 'ran in 60 s, 3 figures' }],
};

const row = (name: string, value: number, better: Figure['better'], unit = 'ms'): ResultRow => ({
  name,
  value,
  unit,
  better,
  commit: 'abc1234',
});

const figure = (name: string, value: number, better: Figure['better'], unit = 'ms'): Figure => ({
  name,
  value,
  unit,
  better,
});

describe('the generated results table', () => {
  it('reads back the figures it wrote, names with colons, commas and parentheses included', () => {
    const rows = [
      row('planning: PGlite: disburseFunds at 100/s (open loop, 50 projects): p99', 45.25, 'lower'),
      row(
        'store: Ledger PostgreSQL: read the global log (200k events)',
        82681.4,
        'higher',
        'events/s',
      ),
      row('planning: PostgreSQL: proposeProject at 100/s (open loop): failed', 0, 'lower', 'count'),
    ];
    const markdown = replaceResultsSection(
      '# Benchmark results\n',
      renderResultsSection(run, rows),
    );
    expect(parseResultsTable(markdown)).toEqual([
      { ...rows[0], value: 45.3 },
      { ...rows[1], value: 82681 },
      rows[2],
    ]);
  });

  it('reads the table back once a formatter has padded its columns', async () => {
    const rows = [
      row('gateway: entity join (project + 6 reports), PostgreSQL: p99', 12.8, 'lower'),
      row('audit: PGlite: verify', 22700, 'higher', 'events/s'),
    ];
    const markdown = replaceResultsSection(
      '# Benchmark results\n',
      renderResultsSection(run, rows),
    );
    const formatted = await format(markdown, { parser: 'markdown', printWidth: 100 });
    expect(formatted).not.toBe(markdown);
    expect(parseResultsTable(formatted)).toEqual(rows);
  });

  it('finds no figures in a file without the generated section', () => {
    expect(
      parseResultsTable('# Benchmark results\n\n| figure | value |\n|---|---|\n| a | 1 |\n'),
    ).toEqual([]);
  });

  it('goes above the hand-written history once, and is replaced in place after that', () => {
    const results = readFileSync(join(__dirname, '..', '..', 'bench', 'RESULTS.md'), 'utf8');
    const withoutSection = replaceResultsSection(results, '').replace(/\n\n\n+/g, '\n\n');
    const first = replaceResultsSection(
      withoutSection,
      renderResultsSection(run, [row('a: b', 1, 'lower')]),
    );
    const second = replaceResultsSection(
      first,
      renderResultsSection(run, [row('a: b', 2, 'lower')]),
    );
    expect(second.split(BEGIN_MARKER)).toHaveLength(2);
    expect(second.indexOf(END_MARKER)).toBeLessThan(second.indexOf('\n## Issue 13'));
    expect(second.startsWith('# Benchmark results')).toBe(true);
    expect(parseResultsTable(second)).toEqual([row('a: b', 2, 'lower')]);
    // Everything below the section is left as it was.
    const history = withoutSection.slice(withoutSection.search(/^## /m));
    expect(second.endsWith(history)).toBe(true);
  });
});

describe('comparing with the committed table', () => {
  const previous = [
    row('planning: PGlite: proposals: commands/s', 200, 'higher', 'commands/s'),
    row('planning: PGlite: proposals: p99', 40, 'lower'),
    row('planning: PGlite: proposals: failed', 0, 'lower', 'count'),
    row('gateway: entity join: p99', 10, 'lower'),
    row('relay: backlog', 5000, 'higher', 'events/s'),
  ];

  it('lists a throughput that fell, or a latency that rose, by more than 30 %', () => {
    const { regressions } = compareFigures(previous, [
      figure('planning: PGlite: proposals: commands/s', 139, 'higher', 'commands/s'),
      figure('planning: PGlite: proposals: p99', 53, 'lower'),
      figure('planning: PGlite: proposals: failed', 0, 'lower', 'count'),
      figure('gateway: entity join: p99', 13.1, 'lower'),
      figure('relay: backlog', 3600, 'higher', 'events/s'),
    ]);
    // Worst first; the backlog fell by 28 %, within the noise allowed.
    expect(regressions.map((r) => [r.name, Math.round(r.worseBy * 1000) / 1000])).toEqual([
      ['planning: PGlite: proposals: p99', 0.325],
      ['gateway: entity join: p99', 0.31],
      ['planning: PGlite: proposals: commands/s', 0.305],
    ]);
  });

  it('does not list a change of 30 % or less, nor any improvement, in either direction', () => {
    const { regressions, compared } = compareFigures(previous, [
      figure('planning: PGlite: proposals: commands/s', 140, 'higher', 'commands/s'),
      figure('planning: PGlite: proposals: p99', 52, 'lower'),
      figure('gateway: entity join: p99', 2, 'lower'),
      figure('relay: backlog', 50_000, 'higher', 'events/s'),
    ]);
    expect(regressions).toEqual([]);
    expect(compared).toBe(4);
  });

  it('lists failures where there were none', () => {
    const { regressions } = compareFigures(previous, [
      figure('planning: PGlite: proposals: failed', 1, 'lower', 'count'),
    ]);
    expect(regressions).toEqual([
      expect.objectContaining({
        name: 'planning: PGlite: proposals: failed',
        previous: 0,
        current: 1,
      }),
    ]);
  });

  it('names the figures that are new and those no longer measured', () => {
    const comparison = compareFigures(previous, [
      figure('relay: backlog', 5000, 'higher', 'events/s'),
      figure('relay: live at 500/s: p99', 30, 'lower'),
    ]);
    expect(comparison.added).toEqual(['relay: live at 500/s: p99']);
    expect(comparison.missing).toEqual([
      'planning: PGlite: proposals: commands/s',
      'planning: PGlite: proposals: p99',
      'planning: PGlite: proposals: failed',
      'gateway: entity join: p99',
    ]);
  });
});

describe("bench:store's printed table", () => {
  it('gives a throughput figure per store and scenario, and the ratios, not the read-back check', () => {
    const stdout = [
      'Ledger PostgreSQL',
      '',
      '| scenario | Ledger PostgreSQL | plain INSERT (pg) | PGlite (on disk) | Ledger PostgreSQL / Emmett PostgreSQL |',
      '|---|---|---|---|---|',
      '| single-event appends, 1 writer(s) (appends/s) | 681 | 1,832 | n/a | 1.15x |',
      '| read the global log (200k events) (events/s) | 82,681 | 161,377 | 35,108 | 6.90x |',
      '| events read back minus events written (count) | 8 | 8 | 40 |  |',
      '',
      'Node v20.20.2',
    ].join('\n');
    expect(figuresFromStoreTable(stdout)).toEqual([
      figure('Ledger PostgreSQL: single-event appends, 1 writer(s)', 681, 'higher', 'appends/s'),
      figure('plain INSERT (pg): single-event appends, 1 writer(s)', 1832, 'higher', 'appends/s'),
      figure(
        'Ledger PostgreSQL / Emmett PostgreSQL: single-event appends, 1 writer(s)',
        1.15,
        'higher',
        'ratio',
      ),
      figure('Ledger PostgreSQL: read the global log (200k events)', 82681, 'higher', 'events/s'),
      figure('plain INSERT (pg): read the global log (200k events)', 161377, 'higher', 'events/s'),
      figure('PGlite (on disk): read the global log (200k events)', 35108, 'higher', 'events/s'),
      figure(
        'Ledger PostgreSQL / Emmett PostgreSQL: read the global log (200k events)',
        6.9,
        'higher',
        'ratio',
      ),
    ]);
  });
});

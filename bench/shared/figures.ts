import { writeFileSync } from 'node:fs';

/** One figure a bench measured, named so that the same scenario has the same name next time. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Which way is an improvement: throughput is higher, latency, CPU and failures lower. */
  better: 'higher' | 'lower';
}

/** What a bench hands `bench:all`: its figures, in the file named by BENCH_JSON. */
export interface BenchFigures {
  bench: string;
  figures: Figure[];
}

/** Writes the bench's figures to BENCH_JSON when it is set; a bench run by hand prints only. */
export function reportFigures(bench: string, figures: Figure[]): void {
  const file = process.env.BENCH_JSON;
  if (!file) return;
  const usable = figures.filter((f) => Number.isFinite(f.value));
  writeFileSync(file, `${JSON.stringify({ bench, figures: usable } satisfies BenchFigures)}\n`);
}

/** A latency figure (ms, lower is better). */
export const ms = (name: string, value: number): Figure => ({
  name,
  value,
  unit: 'ms',
  better: 'lower',
});

/** A throughput figure (higher is better). */
export const rate = (name: string, value: number, unit: string): Figure => ({
  name,
  value,
  unit,
  better: 'higher',
});

/** A count of what went wrong (failed requests, events unaccounted for): lower is better. */
export const failures = (name: string, value: number): Figure => ({
  name,
  value,
  unit: 'count',
  better: 'lower',
});

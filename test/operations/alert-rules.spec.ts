import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isCi } from '@ledger/testing';

const PROMTOOL = '/usr/bin/promtool';
const ops = join(__dirname, '..', '..', 'ops');

function promtoolInstalled(): boolean {
  if (existsSync(PROMTOOL)) return true;
  const message = `alert rules: ${PROMTOOL} is missing (apt-get install prometheus)`;
  if (isCi()) throw new Error(`${message}. CI=true, so this fails instead of skipping.`);
  process.stderr.write(`SKIPPED ${message}\n`);
  return false;
}

function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync(PROMTOOL, args, { cwd: ops, encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** ops/alerts.yml is valid and its unit tests (ops/alerts.test.yml) pass; so is the sample config. */
(promtoolInstalled() ? describe : describe.skip)('ops: alert rules under promtool', () => {
  it('checks the rules', () => {
    const run = promtool('check', 'rules', 'alerts.yml');
    expect({ status: run.status, output: run.output }).toEqual({
      status: 0,
      output: expect.stringContaining('SUCCESS') as string,
    });
  });

  it('passes the rules’ unit tests', () => {
    const run = promtool('test', 'rules', 'alerts.test.yml');
    expect({ status: run.status, output: run.output }).toEqual({
      status: 0,
      output: expect.stringContaining('SUCCESS') as string,
    });
  });

  it('checks the sample scrape configuration with its rule file', () => {
    const run = promtool('check', 'config', 'prometheus.yml');
    expect({ status: run.status, output: run.output }).toEqual({
      status: 0,
      output: expect.stringContaining('SUCCESS') as string,
    });
  });
});

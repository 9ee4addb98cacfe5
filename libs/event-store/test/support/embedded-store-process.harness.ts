import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');

export interface StoreProcess {
  child: ChildProcess;
  /** Resolves with the position of its append ("" without one), or rejects with its stderr. */
  ready: Promise<string>;
  exited: Promise<number | null>;
}

/** Runs embedded-store-process.ts in a Node process of its own, as a second ledger would. */
export function spawnStoreProcess(dataDir: string, stream?: string): StoreProcess {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      join(__dirname, 'embedded-store-process.ts'),
      dataDir,
      ...(stream ? [stream] : []),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const ready = new Promise<string>((done, fail) => {
    child.stdout?.on('data', () => {
      const line = /^ready (.*)$/m.exec(stdout);
      if (line) done(line[1] ?? '');
    });
    void exited.then((code) => fail(new Error(`exited with ${code}: ${stderr.trim()}`)));
  });
  // A test that waits only for the exit (a refusal) must not leave this rejection unhandled.
  ready.catch(() => undefined);
  return { child, ready, exited };
}

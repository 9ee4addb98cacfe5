import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CONSOLE = join(ROOT, 'apps', 'console');
export const CONSOLE_DIST = join(CONSOLE, 'dist');

/**
 * What the build is made from: a newer file here means apps/console/dist is stale. The
 * README too: the explorer's sample tabs are its ```graphql blocks.
 */
const SOURCES = [
  join(CONSOLE, 'src'),
  join(CONSOLE, 'explorer'),
  join(CONSOLE, 'index.html'),
  join(CONSOLE, 'explorer.html'),
  join(CONSOLE, 'vite.config.mts'),
  join(ROOT, 'README.md'),
];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/**
 * Builds the console (npm run build:console) when its index.html is missing or older than
 * any of its sources, so that a test serves what the sources say. Synchronous: call it in a
 * beforeAll (a build takes 10-20 s).
 */
export function ensureConsoleBuilt(): void {
  const index = join(CONSOLE_DIST, 'index.html');
  const fresh = () =>
    existsSync(index) && statSync(index).mtimeMs >= Math.max(...SOURCES.map(newest));
  if (fresh()) return;
  // Test files run in parallel workers: one builds, the others wait for it and then find
  // the build fresh (mkdir is atomic; a lock older than a build can take is a dead worker's).
  const lock = join(CONSOLE, '.build-lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 180_000)
        rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (fresh()) return;
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    // Jest sets NODE_ENV=test, which Vite would keep, bundling React's development build.
    execFileSync(npm, ['run', '-s', 'build:console'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

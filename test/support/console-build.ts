import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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
  const sources = Math.max(...SOURCES.map(newest));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // Jest sets NODE_ENV=test, which Vite would keep, bundling React's development build.
  execFileSync(npm, ['run', '-s', 'build:console'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

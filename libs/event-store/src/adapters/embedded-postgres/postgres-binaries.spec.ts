import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertReachable, hydrateSymlinks } from './postgres-binaries';

describe('the PostgreSQL binaries from npm', () => {
  const root = mkdtempSync(join(tmpdir(), 'ledger-binaries-'));
  // mkdtemp makes it 0700; only the folder made below is meant to be closed.
  chmodSync(root, 0o755);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('makes the library links the skipped postinstall script would have made, and mends a dangling one', () => {
    // A platform package as npm unpacks it: versioned files, no symlinks, their list.
    const lib = join(root, 'package', 'native', 'lib');
    mkdirSync(lib, { recursive: true });
    writeFileSync(join(lib, 'libpq.so.5.18'), 'libpq');
    writeFileSync(join(lib, 'libicuuc.so.60.2'), 'icu');
    writeFileSync(
      join(root, 'package', 'native', 'pg-symlinks.json'),
      JSON.stringify([
        { source: 'native/lib/libpq.so.5.18', target: 'native/lib/libpq.so.5' },
        { source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/libicuuc.so.60' },
      ]),
    );
    symlinkSync('gone.so', join(lib, 'libicuuc.so.60'));

    hydrateSymlinks(join(root, 'package'));

    // Relative, as the package's own script makes them.
    expect(readlinkSync(join(lib, 'libpq.so.5'))).toBe('libpq.so.5.18');
    expect(readFileSync(join(lib, 'libpq.so.5'), 'utf8')).toBe('libpq');
    expect(readFileSync(join(lib, 'libicuuc.so.60'), 'utf8')).toBe('icu');
    // Twice is harmless (another process may have made them first).
    expect(() => hydrateSymlinks(join(root, 'package'))).not.toThrow();
  });

  it('names the folder that keeps the server user out of DATA_DIR, and what to change', () => {
    const someoneElse = { uid: 54_321, gid: 54_321, name: 'postgres' };
    const closed = join(root, 'closed');
    mkdirSync(join(closed, 'data'), { recursive: true });
    chmodSync(closed, 0o700);
    expect(() =>
      assertReachable(join(closed, 'data', 'postgres'), someoneElse, 'the data folder'),
    ).toThrow(
      `cannot reach the data folder ${join(closed, 'data', 'postgres')}: ${closed} lets it through only for its owner. Allow it (chmod o+x ${closed})`,
    );
    // Search permission is enough: nobody needs to list the folder.
    chmodSync(closed, 0o711);
    expect(() =>
      assertReachable(join(closed, 'data', 'postgres'), someoneElse, 'the data folder'),
    ).not.toThrow();
  });
});

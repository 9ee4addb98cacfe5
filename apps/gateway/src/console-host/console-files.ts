import { existsSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** The console's build (npm run build:console): index.html, explorer.html and assets/. */
export interface ConsoleBuild {
  directory: string;
}

/**
 * Where the console's build is: CONSOLE_DIR when set, else beside the sources, beside dist/
 * (nest build), or under the working directory of an image. The first that holds an
 * index.html wins; none: the console is not built (yet), and the host says how to build it.
 */
export function consoleDirectories(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.CONSOLE_DIR) {
    const directory = resolve(env.CONSOLE_DIR);
    if (!existsSync(directory) || !statSync(directory).isDirectory())
      throw new Error(`CONSOLE_DIR=${env.CONSOLE_DIR} is not a directory`);
    return [directory];
  }
  return [
    // apps/gateway/src/console-host -> apps/console/dist
    join(__dirname, '..', '..', '..', 'console', 'dist'),
    // dist/apps/gateway/src/console-host -> apps/console/dist
    join(__dirname, '..', '..', '..', '..', '..', 'apps', 'console', 'dist'),
    join(process.cwd(), 'apps', 'console', 'dist'),
  ];
}

export const NOT_BUILT =
  'The console is not built: run `npm run build:console` (or `npm start`, which builds it).';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** Types worth compressing: text, and the uncompressed binary formats among ours. */
function compressible(type: string): boolean {
  return /^(text\/|application\/(json|wasm)|image\/svg|font\/ttf)/.test(type);
}

/** Vite names every asset `<name>-<hash>.<ext>` in one folder: nothing else is served. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export interface FileAnswer {
  body: Buffer;
  contentType: string;
  /** gzip when the client accepts it and the type is worth it. */
  encoding?: 'gzip';
  /** A validator for the pages (they are revalidated on every load). */
  etag: string;
}

/**
 * Reads the console's files. Assets are compressed once per build and kept: a hashed name
 * never changes content, and the explorer's editor alone is 2.8 MB of JavaScript (680 KB
 * gzipped) that a host without a compressing proxy in front would otherwise send raw.
 */
export class ConsoleFiles {
  private found: string | null = null;
  private readonly compressed = new Map<string, { key: string; body: Buffer }>();

  constructor(private readonly candidates: readonly string[]) {}

  /** The build's folder, looked for again on each call until found (a build after start). */
  directory(): string | null {
    if (this.found && existsSync(join(this.found, 'index.html'))) return this.found;
    this.found = this.candidates.find((c) => existsSync(join(c, 'index.html'))) ?? null;
    return this.found;
  }

  /** Where the host looked, for the message that says the console is not built. */
  get searched(): readonly string[] {
    return this.candidates;
  }

  /** index.html (the console) or explorer.html; null when the console is not built. */
  async page(name: 'index.html' | 'explorer.html'): Promise<FileAnswer | null> {
    const directory = this.directory();
    if (!directory) return null;
    return this.read(join(directory, name), false);
  }

  /** A file of assets/ by its name; null when there is no such asset. */
  async asset(name: string, acceptsGzip: boolean): Promise<FileAnswer | null> {
    const directory = this.directory();
    if (!directory || !ASSET_NAME.test(name)) return null;
    return this.read(join(directory, 'assets', name), acceptsGzip);
  }

  private async read(file: string, acceptsGzip: boolean): Promise<FileAnswer | null> {
    let info;
    try {
      info = await stat(file);
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const contentType = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const key = `${info.size}-${Math.trunc(info.mtimeMs)}`;
    const etag = `W/"${key}"`;
    if (acceptsGzip && compressible(contentType) && info.size > 1024) {
      const kept = this.compressed.get(file);
      if (kept?.key === key) return { body: kept.body, contentType, encoding: 'gzip', etag };
      const body = await gzipAsync(await readFile(file));
      this.compressed.set(file, { key, body });
      return { body, contentType, encoding: 'gzip', etag };
    }
    return { body: await readFile(file), contentType, etag };
  }
}

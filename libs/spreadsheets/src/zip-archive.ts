import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { WorkbookRefusedError } from './workbook-refused';

/**
 * The zip container of an xlsx, judged from its central directory before a byte is inflated,
 * then inflated entry by entry under the sizes the directory declared. A zip bomb is refused
 * on its declared sizes or ratio; one that lies about them is stopped at the declared size.
 * (APPNOTE.TXT 6.3.10, sections 4.3.12 and 4.3.16: the central directory and its end record.)
 */
export interface ZipLimits {
  /** Entries in the archive: a workbook has a dozen or two. */
  maxEntries: number;
  /** Uncompressed bytes of one entry. */
  maxEntryBytes: number;
  /** Uncompressed bytes of all entries together. */
  maxTotalBytes: number;
  /** Uncompressed / compressed, for entries above `ratioFloorBytes`. */
  maxRatio: number;
  /** Small entries compress as they like: a ratio means something only above this size. */
  ratioFloorBytes: number;
}

/**
 * 10,000 rows of 30 columns of text come to about 15 MB of sheet XML; the limits leave room
 * for that and stop at what no template-filled workbook reaches. Spreadsheet XML compresses
 * 5 to 30 times; 200 is well past any real sheet and well short of a bomb's thousands.
 */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 200,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 128 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

function notAZip(why: string): never {
  throw new WorkbookRefusedError('not-a-zip', `the file is not an xlsx workbook (${why})`);
}

function overLimit(message: string): never {
  throw new WorkbookRefusedError('zip-limits', `${message}: nothing was read from it`);
}

/** Every entry of the central directory, each checked against the limits. */
export function readCentralDirectory(
  zip: Buffer,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): ZipEntry[] {
  if (zip.length < 22 || zip.readUInt32LE(0) !== LOCAL_FILE_HEADER) {
    notAZip('it does not start as a zip archive does');
  }
  // The end record is the last 22 bytes plus a comment of at most 65,535.
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) notAZip('no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  const size = zip.readUInt32LE(end + 12);
  const offset = zip.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) {
    overLimit('the archive is a ZIP64 archive, larger than any workbook an import takes');
  }
  if (count > limits.maxEntries) {
    overLimit(`the archive has ${count} entries, more than the ${limits.maxEntries} allowed`);
  }
  if (offset + size > end) notAZip('its central directory lies outside the file');
  const entries: ZipEntry[] = [];
  let total = 0;
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || zip.readUInt32LE(at) !== CENTRAL_DIRECTORY_HEADER) {
      notAZip('a broken central directory');
    }
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const uncompressedSize = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeaderOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if ((flags & 1) !== 0) overLimit(`the entry ${name} is encrypted`);
    if (method !== STORED && method !== DEFLATED) {
      overLimit(`the entry ${name} uses compression method ${method}, not deflate`);
    }
    if (uncompressedSize > limits.maxEntryBytes) {
      overLimit(
        `the entry ${name} declares ${uncompressedSize} bytes uncompressed, more than the ${limits.maxEntryBytes} allowed (a zip bomb, or far more than an import takes)`,
      );
    }
    if (
      uncompressedSize > limits.ratioFloorBytes &&
      uncompressedSize > compressedSize * limits.maxRatio
    ) {
      overLimit(
        `the entry ${name} declares a compression ratio of ${Math.round(uncompressedSize / Math.max(1, compressedSize))}:1, more than the ${limits.maxRatio}:1 of any real sheet (a zip bomb)`,
      );
    }
    total += uncompressedSize;
    if (total > limits.maxTotalBytes) {
      overLimit(
        `the archive declares more than ${limits.maxTotalBytes} bytes uncompressed in all (a zip bomb, or far more than an import takes)`,
      );
    }
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
  }
  return entries;
}

/** Where an entry's compressed bytes are (after its local header). */
function dataOf(zip: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localHeaderOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL_FILE_HEADER) {
    notAZip(`a broken local header for ${entry.name}`);
  }
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  if (start + entry.compressedSize > zip.length) notAZip(`${entry.name} is cut short`);
  return zip.subarray(start, start + entry.compressedSize);
}

function liedAbout(entry: ZipEntry): never {
  overLimit(
    `the entry ${entry.name} inflates to more than the ${entry.uncompressedSize} bytes it declares (a zip bomb)`,
  );
}

/** An entry's bytes, never more than it declared. */
export function inflateEntry(zip: Buffer, entry: ZipEntry): Buffer {
  const data = dataOf(zip, entry);
  if (entry.method === STORED) {
    if (data.length !== entry.uncompressedSize) liedAbout(entry);
    return data;
  }
  try {
    // One byte more than declared: a result of that length is a lie.
    const out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize + 1) });
    if (out.length > entry.uncompressedSize) liedAbout(entry);
    return out;
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      liedAbout(entry);
    if (error instanceof WorkbookRefusedError) throw error;
    return notAZip(`${entry.name} does not inflate: ${(error as Error).message}`);
  }
}

/**
 * An entry's text streamed through `scan` chunk by chunk (latin1: the markers looked for are
 * ASCII); `scan` may throw to stop early, and then the rest is never inflated. This is how a
 * sheet of a million rows is refused after its first ten thousand.
 */
export function streamEntry(
  zip: Buffer,
  entry: ZipEntry,
  scan: (chunk: string) => void,
): Promise<void> {
  const data = dataOf(zip, entry);
  if (entry.method === STORED) {
    if (data.length !== entry.uncompressedSize) liedAbout(entry);
    return new Promise((resolve, reject) => {
      try {
        for (let at = 0; at < data.length; at += 64 * 1024) {
          scan(data.toString('latin1', at, Math.min(data.length, at + 64 * 1024)));
        }
        resolve();
      } catch (error) {
        reject(asError(error));
      }
    });
  }
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let seen = 0;
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      reject(asError(error));
    };
    inflate.on('data', (chunk: Buffer) => {
      if (settled) return;
      seen += chunk.length;
      try {
        if (seen > entry.uncompressedSize) liedAbout(entry);
        scan(chunk.toString('latin1'));
      } catch (error) {
        fail(error);
      }
    });
    inflate.on('error', (error) =>
      fail(
        new WorkbookRefusedError(
          'not-a-zip',
          `the file is not an xlsx workbook (${entry.name} does not inflate: ${error.message})`,
        ),
      ),
    );
    inflate.on('end', () => {
      if (settled) return;
      settled = true;
      resolve();
    });
    inflate.end(data);
  });
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

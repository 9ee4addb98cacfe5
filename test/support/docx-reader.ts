import { inflateRawSync } from 'node:zlib';

/**
 * Reads one entry of a zip (a docx) through its central directory, with node's zlib alone:
 * enough for the tests to open what a person would open, without another library's view of it.
 * Stored (0) and deflated (8) entries only, as Word and the docx package write them.
 */
export function readZipEntry(zip: Buffer, name: string): string | null {
  // The end of central directory record: the last PK\5\6 (a comment may follow it).
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip: no end of central directory');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('broken central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (entryName === name) {
      const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(dataAt, dataAt + compressed);
      if (method === 0) return data.toString('utf8');
      if (method === 8) return inflateRawSync(data).toString('utf8');
      throw new Error(`${name}: compression method ${method} not read here`);
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  return null;
}

const unescape = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of a piece of WordprocessingML: its <w:t> runs, joined. */
export function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1]!)).join('');
}

/** A table cell: its text and the ids of the footnotes referred to in it. */
export interface DocxCell {
  text: string;
  footnotes: number[];
}

/** Every table of the body, as rows of cells, in document order. */
export function tablesOf(documentXml: string): DocxCell[][][] {
  return [...documentXml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((table) =>
    [...table[1]!.matchAll(/<w:tr(?:\s[^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((row) =>
      [...row[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((cell) => ({
        text: textOf(cell[1]!),
        footnotes: [...cell[1]!.matchAll(/<w:footnoteReference w:id="(\d+)"\/>/g)].map((m) =>
          Number(m[1]),
        ),
      })),
    ),
  );
}

/** The paragraphs of the body outside tables: text and footnote references. */
export function paragraphsOf(documentXml: string): DocxCell[] {
  const body = documentXml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '');
  return [...body.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)].map((p) => ({
    text: textOf(p[1]!),
    footnotes: [...p[1]!.matchAll(/<w:footnoteReference w:id="(\d+)"\/>/g)].map((m) =>
      Number(m[1]),
    ),
  }));
}

/** Footnotes by id (word/footnotes.xml), without Word's separator notes. */
export function footnotesOf(footnotesXml: string): Map<number, string> {
  return new Map(
    [
      ...footnotesXml.matchAll(
        /<w:footnote(?:\s[^>]*?)?\sw:id="(-?\d+)"[^>]*>([\s\S]*?)<\/w:footnote>/g,
      ),
    ]
      .filter((m) => Number(m[1]) > 0)
      .map((m) => [Number(m[1]), textOf(m[2]!)]),
  );
}

import { strToU8, zipSync } from 'fflate';

/**
 * An Office Open XML workbook (ECMA-376, one sheet) from a table's text, zipped with fflate.
 * Every cell is an inline string: a spreadsheet cell of type number is a binary double, and
 * money must stay the exact text the console showed; an inline string is never evaluated, so
 * a cell reading "=1+1" stays text without the CSV export's apostrophe. Numeric columns are
 * right-aligned by a style instead. The header row is bold and frozen; columns are sized to
 * their text.
 */
export function toXlsx(
  sheetName: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly boolean[],
): Uint8Array<ArrayBuffer> {
  const name = safeSheetName(sheetName);
  // A loop, not Math.max(...rows): spreading 100,000 rows would overflow the call stack.
  const columns = rows.reduce((widest, r) => Math.max(widest, r.length), header.length);
  const files = {
    '[Content_Types].xml': strToU8(CONTENT_TYPES),
    '_rels/.rels': strToU8(ROOT_RELS),
    'xl/workbook.xml': strToU8(workbook(name)),
    'xl/_rels/workbook.xml.rels': strToU8(WORKBOOK_RELS),
    'xl/styles.xml': strToU8(STYLES),
    'xl/worksheets/sheet1.xml': strToU8(worksheet(header, rows, numeric, columns)),
  };
  return zipSync(files, { level: 6 });
}

/** Excel's limit on the text of one cell; longer text makes Excel "repair" the file. */
export const MAX_CELL_CHARACTERS = 32_767;

/**
 * A name Excel accepts for a sheet: 1-31 characters (UTF-16 units), none of : \ / ? * [ ], not starting or
 * ending with an apostrophe, and not "History" (Excel reserves it). Forbidden characters
 * become "_"; nothing left gives "Sheet1".
 */
export function safeSheetName(name: string): string {
  const characters = Array.from(
    name
      .replace(/[:\\/?*[\]]/g, '_')
      // Control characters are not allowed in XML 1.0 attribute values either.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .trim(),
  );
  // 31 UTF-16 units, as Excel counts, without splitting a character outside the BMP.
  let safe = '';
  for (const character of characters) {
    if (safe.length + character.length > 31) break;
    safe += character;
  }
  safe = safe.replace(/^'+/, '').replace(/'+$/, '').trim();
  if (safe === '' || safe.toLowerCase() === 'history') return 'Sheet1';
  return safe;
}

/** "A", "B", ... "Z", "AA": the column letters of a 0-based column index. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * Text as XML character data. Characters XML 1.0 cannot hold (controls other than tab, CR and
 * LF; lone surrogates) are written as Excel's _xHHHH_ escapes, and a literal "_xHHHH_" in the
 * text is itself escaped (_x005F_), so that Excel shows exactly the text given.
 */
export function xmlText(text: string): string {
  return (
    text
      .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, escapeCharacter)
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
  );
}

function escapeCharacter(character: string): string {
  return `_x${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;
}

/** Style indexes of STYLES' cellXfs. */
const STYLE = { text: 1, header: 2, headerNumeric: 3, numeric: 4 } as const;

function cell(reference: string, text: string, style: number): string {
  const clipped = text.length > MAX_CELL_CHARACTERS ? text.slice(0, MAX_CELL_CHARACTERS) : text;
  return `<c r="${reference}" t="inlineStr" s="${style}"><is><t xml:space="preserve">${xmlText(clipped)}</t></is></c>`;
}

/**
 * Width in Excel's units (characters of the default font's digit): CJK and other wide
 * characters take two, and a column is never narrower than 6 or wider than 80.
 */
export function columnWidth(texts: readonly string[]): number {
  let widest = 0;
  for (const text of texts) {
    let width = 0;
    for (const character of text) width += isWide(character) ? 2 : 1;
    widest = Math.max(widest, width);
  }
  return Math.min(80, Math.max(6, widest + 2));
}

function isWide(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    code >= 0x20000
  );
}

function worksheet(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly boolean[],
  columns: number,
): string {
  const lastRow = rows.length + 1;
  const dimension = columns === 0 ? 'A1' : `A1:${columnName(columns - 1)}${lastRow}`;
  const widths = Array.from({ length: columns }, (_, c) =>
    columnWidth([header[c] ?? '', ...rows.map((r) => r[c] ?? '')]),
  );
  const cols =
    columns === 0
      ? ''
      : `<cols>${widths.map((w, c) => `<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`;
  const headerRow = `<row r="1">${header
    .map((text, c) =>
      cell(`${columnName(c)}1`, text, numeric[c] ? STYLE.headerNumeric : STYLE.header),
    )
    .join('')}</row>`;
  const bodyRows = rows
    .map(
      (row, r) =>
        `<row r="${r + 2}">${row
          .map((text, c) =>
            cell(`${columnName(c)}${r + 2}`, text, numeric[c] ? STYLE.numeric : STYLE.text),
          )
          .join('')}</row>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    `<dimension ref="${dimension}"/>` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>` +
    cols +
    `<sheetData>${headerRow}${bodyRows}</sheetData>` +
    `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>` +
    `</worksheet>`
  );
}

function workbook(sheetName: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    `<bookViews><workbookView/></bookViews>` +
    `<sheets><sheet name="${xmlText(sheetName)}" sheetId="1" r:id="rId1"/></sheets>` +
    `</workbook>`
  );
}

const CONTENT_TYPES =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
  `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
  `<Default Extension="xml" ContentType="application/xml"/>` +
  `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
  `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
  `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
  `</Types>`;

const ROOT_RELS =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
  `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
  `</Relationships>`;

const WORKBOOK_RELS =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
  `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
  `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
  `</Relationships>`;

// cellXfs: 0 the default for cells the reader adds (General, so their formulas work); 1 text,
// 2 header (bold), 3 header of a numeric column (bold, right), 4 numeric (right). numFmtId 49
// is "@" (text): editing a written cell in Excel keeps it text, never a double.
const STYLES =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
  `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
  `<fonts count="2">` +
  `<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
  `<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
  `</fonts>` +
  `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
  `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
  `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
  `<cellXfs count="5">` +
  `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
  `<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
  `<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>` +
  `<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyAlignment="1"><alignment horizontal="right"/></xf>` +
  `<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment horizontal="right"/></xf>` +
  `</cellXfs>` +
  `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
  `</styleSheet>`;

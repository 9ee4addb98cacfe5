/**
 * Why a whole file is refused before any of its rows is looked at. Each reason is a stable
 * code (the API's `field` and the CLI's message carry it) and a sentence for the person who
 * sent the file.
 */
export type WorkbookRefusalReason =
  /** Not a zip archive at all (a CSV, a .xls, a PDF renamed). */
  | 'not-a-zip'
  /** A zip, but over a limit of its declared or actual sizes: a zip bomb, or simply too big. */
  | 'zip-limits'
  /** A zip that is no xlsx workbook (no workbook part, no worksheet of the expected name). */
  | 'not-a-workbook'
  /** A cell holds a formula: its value is whatever the last program computed, not data. */
  | 'formula'
  /** Merged cells: one value standing for several cells is no row of a table. */
  | 'merged-cells'
  /** More data rows than one import takes. */
  | 'too-many-rows'
  /** The headers are not the template's. */
  | 'not-the-template';

export class WorkbookRefusedError extends Error {
  constructor(
    readonly reason: WorkbookRefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'WorkbookRefusedError';
  }
}

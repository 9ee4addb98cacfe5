/**
 * The import page's GraphQL (field names as in apps/gateway/supergraph.graphql) and the
 * shapes of its answers.
 */
export type WorkbookKind = 'project-library' | 'dispatch-report';

export const WORKBOOK_FIELDS: Record<WorkbookKind, { template: string; import: string }> = {
  'project-library': {
    template: 'projectLibraryTemplate',
    import: 'importProjectLibraryWorkbook',
  },
  'dispatch-report': {
    template: 'dispatchReportTemplate',
    import: 'importDispatchReportWorkbook',
  },
};

export interface WorkbookDocument {
  fileName: string;
  mediaType: string;
  base64: string;
}

export interface ImportRow {
  row: number;
  outcome: 'RECORDED' | 'REPLAYED' | 'REFUSED';
  code: string | null;
  message: string | null;
  cell: string | null;
  projectId: string | null;
}

export interface WorkbookImport {
  recorded: number;
  replayed: number;
  refused: number;
  rows: ImportRow[];
  report: WorkbookDocument;
}

export function templateQuery(kind: WorkbookKind): string {
  return `query Template { ${WORKBOOK_FIELDS[kind].template} { fileName mediaType base64 } }`;
}

export function importMutation(kind: WorkbookKind): string {
  return `mutation ImportWorkbook($workbook: String!) { ${WORKBOOK_FIELDS[kind].import}(workbook: $workbook) { recorded replayed refused rows { row outcome code message cell projectId } report { fileName mediaType base64 } } }`;
}

/** Bytes as base64, in chunks (a spread of a large array overflows the call stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(binary);
}

export function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

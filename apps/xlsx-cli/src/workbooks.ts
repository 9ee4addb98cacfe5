/**
 * The ledger's workbook operations as its published schema names them: which query hands out
 * a template, which mutation imports a filled one. Like `npm run load`, this knows the ledger
 * only by its public GraphQL endpoint.
 */
export const WORKBOOKS = {
  'project-library': {
    template: 'projectLibraryTemplate',
    import: 'importProjectLibraryWorkbook',
  },
  'dispatch-report': {
    template: 'dispatchReportTemplate',
    import: 'importDispatchReportWorkbook',
  },
} as const;
export type WorkbookKind = keyof typeof WORKBOOKS;

export function isWorkbookKind(value: string): value is WorkbookKind {
  return Object.prototype.hasOwnProperty.call(WORKBOOKS, value);
}

export interface Document {
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
  report: Document;
}

/** A request the ledger refused whole (the file, the token, the size): nothing was recorded. */
export class RequestRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestRefused';
  }
}

interface Endpoint {
  url: string;
  token: string;
}

async function post<T>(
  endpoint: Endpoint,
  query: string,
  variables: Record<string, unknown>,
  field: string,
): Promise<T> {
  const body = JSON.stringify({ query, variables });
  let response: Response;
  try {
    response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        authorization: `Bearer ${endpoint.token}`,
      },
      body,
    });
  } catch (error) {
    throw new RequestRefused(
      `cannot reach ${endpoint.url}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const text = await response.text();
  let parsed: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new RequestRefused(`HTTP ${response.status}: ${text.slice(0, 200)}`);
  }
  if (response.status === 413) {
    throw new RequestRefused(
      `the workbook is too large for one request (${body.length} bytes with the file in base64; ${parsed.errors?.[0]?.message ?? 'over the limit'}): split it into files of fewer rows. Nothing was recorded`,
    );
  }
  const error = parsed.errors?.[0];
  const value = parsed.data?.[field];
  if (error || value === undefined || value === null) {
    const code =
      typeof error?.extensions?.code === 'string'
        ? error.extensions.code
        : `HTTP ${response.status}`;
    const reason =
      typeof error?.extensions?.reason === 'string' ? ` (${error.extensions.reason})` : '';
    throw new RequestRefused(
      `${code}${reason}: ${error?.message ?? 'no answer'}. Nothing was recorded`,
    );
  }
  return value as T;
}

const DOCUMENT = 'fileName mediaType base64';

export function downloadTemplate(endpoint: Endpoint, kind: WorkbookKind): Promise<Document> {
  const field = WORKBOOKS[kind].template;
  return post<Document>(endpoint, `query { ${field} { ${DOCUMENT} } }`, {}, field);
}

export function importWorkbook(
  endpoint: Endpoint,
  kind: WorkbookKind,
  file: Buffer,
): Promise<WorkbookImport> {
  const field = WORKBOOKS[kind].import;
  return post<WorkbookImport>(
    endpoint,
    `mutation($workbook: String!) { ${field}(workbook: $workbook) { recorded replayed refused rows { row outcome code message cell projectId } report { ${DOCUMENT} } } }`,
    { workbook: file.toString('base64') },
    field,
  );
}

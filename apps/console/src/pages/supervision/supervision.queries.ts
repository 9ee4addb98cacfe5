/** The supervision page's GraphQL (field names as in apps/gateway/supergraph.graphql). */

export const SUPERVISION_QUERY = `query Supervision {
  summonses { summonsId projectId unitCode reason flagIds scoreRefs { period unitCode } heldOn eventId }
  circulars { circularId month issuedOn namedUnits { unitCode reason } figures { key } eventId }
}`;

export const CIRCULAR_DOCUMENT = `query CircularDocument($month: String!) {
  circularDocument(month: $month) { fileName mediaType base64 }
}`;

export interface SummonsView {
  summonsId: string;
  projectId: string | null;
  unitCode: string;
  reason: string;
  flagIds: string[];
  scoreRefs: Array<{ period: string; unitCode: string }>;
  heldOn: string;
  eventId: string;
}

export interface CircularView {
  circularId: string;
  month: string;
  issuedOn: string;
  namedUnits: Array<{ unitCode: string; reason: string }>;
  figures: Array<{ key: string }>;
  eventId: string;
}

export interface SupervisionResult {
  summonses: SummonsView[];
  circulars: CircularView[];
}

export interface CircularDocumentResult {
  circularDocument: { fileName: string; mediaType: string; base64: string } | null;
}

/** The document's bytes from the API's base64, for a download. */
export function documentBytes(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

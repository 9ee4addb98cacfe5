import { eventVersions } from './upcasters';
import { LEDGER_UPCASTERS } from './ledger-upcasters';

export * from './upcasters';
export { LEDGER_UPCASTERS } from './ledger-upcasters';

/**
 * The versions of every event type the ledger publishes: what writers record and what
 * every reader (command folds, projections, as-of, Kafka consumers, exports) upcasts to.
 */
export const LEDGER_EVENT_VERSIONS = eventVersions(LEDGER_UPCASTERS);

/** The version a writer records for an event type today. */
export function currentSchemaVersion(type: string): number {
  return LEDGER_EVENT_VERSIONS.currentVersion(type);
}

/** The CloudEvents `dataschema` (and catalog `$id`) of one version of an event type. */
export function dataSchemaUri(type: string, version: number): string {
  return `urn:progress-ledger:event:${type}:v${version}`;
}

/** The version a `dataschema` names for a type, or null when it names none of this type. */
export function versionFromDataSchema(type: string, uri: string): number | null {
  const prefix = `urn:progress-ledger:event:${type}:v`;
  if (!uri.startsWith(prefix)) return null;
  const rest = uri.slice(prefix.length);
  return /^[1-9]\d{0,8}$/.test(rest) ? Number(rest) : null;
}

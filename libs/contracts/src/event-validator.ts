import Ajv, { ValidateFunction } from 'ajv';
import catalogJson from '../catalog/events.json';
import type { EventCatalog } from './catalog';

/**
 * Checks an event's data against the schema of its type at a version, as the published
 * catalog has it: what a consumer in distributed mode trusts before it touches a read
 * model. Returns why not, or null when the data is valid.
 */
export function catalogValidator(): (
  eventType: string,
  version: number,
  data: unknown,
) => string | null {
  const catalog = catalogJson as unknown as EventCatalog;
  const ajv = new Ajv({ strict: false, allErrors: false });
  const compiled = new Map<string, ValidateFunction>();
  return (eventType, version, data) => {
    const entry = catalog.events[eventType];
    if (!entry) return `${eventType} is not in the event catalog`;
    const schema = schemaOfVersion(entry, version);
    if (!schema) return `${eventType} has no version ${version} in the event catalog`;
    const key = `${eventType}:v${version}`;
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(key, validate);
    }
    return validate(data) ? null : ajv.errorsText(validate.errors);
  };
}

/** The schema of one version of a type: the current one, or one the catalog keeps. */
export function schemaOfVersion(
  entry: EventCatalog['events'][string],
  version: number,
): Record<string, unknown> | undefined {
  return version === entry.version ? entry.schema : entry.earlierVersions?.[String(version)];
}

/** The topics (without prefix) that carry at least one event type a projection handles. */
export function topicsCarrying(handles: (eventType: string) => boolean): string[] {
  const catalog = catalogJson as unknown as EventCatalog;
  return [
    ...new Set(
      Object.entries(catalog.events)
        .filter(([type]) => handles(type))
        .map(([, entry]) => entry.topic),
    ),
  ].sort();
}

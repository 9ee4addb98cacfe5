import Ajv, { ValidateFunction } from 'ajv';
import catalogJson from '../catalog/events.json';
import type { EventCatalog } from './catalog';

/**
 * Checks an event's data against its type's schema in the published catalog: what a
 * consumer in distributed mode trusts before it touches a read model. Returns why not, or
 * null when the data is valid.
 */
export function catalogValidator(): (eventType: string, data: unknown) => string | null {
  const catalog = catalogJson as unknown as EventCatalog;
  const ajv = new Ajv({ strict: false, allErrors: false });
  const compiled = new Map<string, ValidateFunction>();
  return (eventType, data) => {
    const entry = catalog.events[eventType];
    if (!entry) return `${eventType} is not in the event catalog`;
    let validate = compiled.get(eventType);
    if (!validate) {
      validate = ajv.compile(entry.schema);
      compiled.set(eventType, validate);
    }
    return validate(data) ? null : ajv.errorsText(validate.errors);
  };
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

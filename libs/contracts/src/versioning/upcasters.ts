import { EventVersioning, JsonObject, RecordedEvent } from '@ledger/event-store';

/**
 * One step of one event type's evolution: data stored at version `from` as it reads at
 * `from + 1`. Pure: the stored event (its data, and where and when it was recorded) is
 * all it may use, plus reference data that never changes for a stored event.
 */
export interface Upcaster {
  type: string;
  from: number;
  upcast(data: JsonObject, event: RecordedEvent): JsonObject;
}

/** A reader meets a version newer than any it knows: it is older than the writer. */
export class UnknownSchemaVersionError extends Error {
  constructor(type: string, version: number, current: number) {
    super(`${type} version ${version} is newer than this reader knows (version ${current})`);
    this.name = 'UnknownSchemaVersionError';
  }
}

/** A type's versions, and the steps between them, in order. */
export interface EventVersions extends EventVersioning {
  /** Every version of a type, oldest first: [1] for a type that never evolved. */
  versionsOf(type: string): number[];
  /** The data of an event of `type` stored at `version`, as it reads at the current version. */
  upcastData(type: string, version: number, data: JsonObject, event: RecordedEvent): JsonObject;
}

/**
 * Builds the versioning of a set of types from their steps: a type's current version is 1
 * plus its number of steps, which must run 1 -> 2 -> 3 ... without a gap. An event is
 * brought up to date by running the steps from its stored version on, in order (a v1
 * event of a type at v3 takes both steps; no step is ever written for a jump).
 */
export function eventVersions(upcasters: readonly Upcaster[]): EventVersions {
  const steps = new Map<string, Upcaster[]>();
  for (const step of upcasters) {
    const list = steps.get(step.type) ?? [];
    list.push(step);
    steps.set(step.type, list);
  }
  for (const [type, list] of steps) {
    list.sort((a, b) => a.from - b.from);
    list.forEach((step, i) => {
      if (step.from !== i + 1) {
        throw new Error(
          `${type}: upcasters must run from version 1 without gaps (found ${step.from} at step ${i + 1})`,
        );
      }
    });
  }
  const currentVersion = (type: string): number => 1 + (steps.get(type)?.length ?? 0);
  const upcastData = (
    type: string,
    version: number,
    data: JsonObject,
    event: RecordedEvent,
  ): JsonObject => {
    const current = currentVersion(type);
    if (version > current) throw new UnknownSchemaVersionError(type, version, current);
    let out = data;
    for (const step of steps.get(type) ?? []) {
      if (step.from >= version) out = step.upcast(out, event);
    }
    return out;
  };
  return {
    currentVersion,
    versionsOf: (type) => Array.from({ length: currentVersion(type) }, (_, i) => i + 1),
    upcastData,
    upcast: (event) => {
      const current = currentVersion(event.type);
      if (event.schemaVersion === current) return event;
      return {
        ...event,
        data: upcastData(event.type, event.schemaVersion, event.data, event),
        schemaVersion: current,
      };
    },
  };
}

import { AppendOptions, EventStore, ReadAllOptions, ReadStreamOptions } from '../port/event-store';
import { AppendResult, EventToAppend, RecordedEvent } from '../port/events';
import { GlobalPosition } from '../port/ids';
import { Subscription, SubscriptionOptions } from '../port/subscription';

/**
 * What a store needs to know of the published event types to show every reader their
 * current shape: the version a writer records now, and how an older one becomes it. The
 * event types and their upcasters live in the published language (@ledger/contracts); this
 * library knows none of them.
 */
export interface EventVersioning {
  /** The schema version writers record for a type today (1 for a type nobody versioned). */
  currentVersion(type: string): number;
  /**
   * The event in its type's current shape and with that version. Returns the very same
   * object when there is nothing to do (current already, or a type it does not know).
   * Throws for a version newer than it knows: that reader is older than the writer.
   */
  upcast(event: RecordedEvent): RecordedEvent;
}

/**
 * The EventStore port with versions applied, the one the services are given:
 * - an append records each event with its type's current version (unless the caller
 *   states one: a migration tool or a test that writes an old shape on purpose);
 * - every read (a stream, the global log, subscriptions) returns the current shape.
 * Stored events never change, so the hash chain still covers what was stored: whatever
 * checks it reads the store underneath (`raw`), never this view of it.
 */
export class UpcastingEventStore implements EventStore {
  constructor(
    /** The adapter as stored: for hash verification, exports of the stored bytes, SQL. */
    readonly raw: EventStore,
    readonly versioning: EventVersioning,
  ) {}

  get adapter(): EventStore['adapter'] {
    return this.raw.adapter;
  }

  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    return this.raw.appendToStream(
      streamId,
      events.map((event) =>
        event.schemaVersion === undefined && event !== null && typeof event === 'object'
          ? { ...event, schemaVersion: this.versioning.currentVersion(event.type) }
          : event,
      ),
      options,
    );
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.upcastAll(await this.raw.readStream(streamId, options));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.upcastAll(await this.raw.readAll(options));
  }

  headPosition(): Promise<GlobalPosition | null> {
    return this.raw.headPosition();
  }

  subscribe(options: SubscriptionOptions): Subscription {
    const upcast = (event: RecordedEvent): RecordedEvent => this.versioning.upcast(event);
    if (options.batchHandler) {
      const handle = options.batchHandler;
      return this.raw.subscribe({
        ...options,
        batchHandler: (events) => handle(events.map(upcast)),
      });
    }
    const handle = options.handler;
    return this.raw.subscribe({ ...options, handler: (event) => handle(upcast(event)) });
  }

  close(): Promise<void> {
    return this.raw.close();
  }

  private upcastAll(events: RecordedEvent[]): RecordedEvent[] {
    return events.map((event) => this.versioning.upcast(event));
  }
}

/** The store with versions applied: what the services and every reader of theirs use. */
export function withVersioning(store: EventStore, versioning: EventVersioning): EventStore {
  return new UpcastingEventStore(rawStore(store), versioning);
}

/** The store as stored, under any versioned view of it: what the hash chain is checked on. */
export function rawStore(store: EventStore): EventStore {
  return store instanceof UpcastingEventStore ? store.raw : store;
}

/** The versioning a store applies on read, if it applies any. */
export function versioningOf(store: EventStore): EventVersioning | undefined {
  return store instanceof UpcastingEventStore ? store.versioning : undefined;
}

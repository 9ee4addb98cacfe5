import { Counter } from 'prom-client';
import { counter, gauge, histogram, shared } from './registry';
import { Tally } from './tally';
import { consumerProbes, projectionProbes, relayProbes, storeProbes } from './probes';

/** What became of a command: the vocabulary of ledger_commands_total's `outcome`. */
export type CommandOutcome = 'accepted' | 'rejected' | 'conflict' | 'unavailable' | 'failed';

/** What became of an append: ledger_store_appends_total's `outcome`. */
export type AppendOutcome =
  'appended' | 'already_appended' | 'wrong_expected_version' | 'invalid' | 'failed';

const commands = new Tally<'service' | 'command' | 'outcome'>(
  {
    name: 'ledger_commands_total',
    help: 'Commands handled, by service, command type and outcome (a replayed retry is accepted).',
  },
  {
    name: 'ledger_command_duration_seconds',
    help: 'Time from a command reaching its runner to its answer (a bulk command: its stream’s run).',
  },
  [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
);

/** Counts one command and its duration: a map lookup and a few additions, on the write path. */
export function recordCommand(
  service: string,
  command: string,
  outcome: CommandOutcome,
  seconds: number,
): void {
  commands.observe(
    `${service}\u0000${command}\u0000${outcome}`,
    () => ({ service, command, outcome }),
    seconds,
  );
}

const appends = counter({
  name: 'ledger_store_appends_total',
  help: 'Appends to the event store by outcome (one append carries one or more events).',
  labelNames: ['outcome'] as const,
});

const appendedEvents = counter({
  name: 'ledger_store_appended_events_total',
  help: 'Events written to the event store by this process.',
});

/** The highest position this process appended; the head gauge starts from it. */
let appendedHead: bigint | null = null;

const storeHead = shared(async (): Promise<bigint | null> => {
  let head = appendedHead;
  for (const probe of storeProbes.all()) {
    const at = await probe.headPosition();
    if (at !== null && (head === null || at > head)) head = at;
  }
  return head;
});

/** Only in a process with a store (not the gateway alone). */
function storeHeadGauge(): void {
  gauge({
    name: 'ledger_store_head_position',
    help: 'Global position of the last event visible in the store’s log.',
    async collect() {
      const head = await storeHead().catch(() => appendedHead);
      if (head === null) this.reset();
      else this.set(Number(head));
    },
  });
}
storeProbes.whenFirstAdded(storeHeadGauge);

const appendChildren = new Map<AppendOutcome, Counter.Internal>();

/** Counts one append (store adapters call it; no I/O). */
export function recordAppend(
  outcome: AppendOutcome,
  events: number,
  lastPosition: bigint | null,
): void {
  let child = appendChildren.get(outcome);
  if (child === undefined) {
    child = appends.labels({ outcome });
    appendChildren.set(outcome, child);
  }
  child.inc();
  if (appendedHead === null) storeHeadGauge();
  if (events > 0) appendedEvents.inc(events);
  if (lastPosition !== null && (appendedHead === null || lastPosition > appendedHead)) {
    appendedHead = lastPosition;
  }
}

/* Projections fed from the store: read from their probes at scrape time. */

const projections = shared(() =>
  Promise.all(
    projectionProbes.all().map(async (probe) => ({
      name: probe.name,
      state: probe.state(),
      lag: await probe.lag().catch(() => null),
    })),
  ),
);

gauge({
  name: 'ledger_projection_position',
  help: 'Global position of the last event the projection applied (absent before the first).',
  labelNames: ['projection'] as const,
  async collect() {
    this.reset();
    for (const p of await projections()) {
      if (p.state.position !== null) this.set({ projection: p.name }, Number(p.state.position));
    }
  },
});

gauge({
  name: 'ledger_projection_lag_events',
  help: 'Global positions between the projection and the store’s head.',
  labelNames: ['projection'] as const,
  async collect() {
    this.reset();
    for (const p of await projections()) {
      if (p.lag) this.set({ projection: p.name }, p.lag.events);
    }
  },
});

gauge({
  name: 'ledger_projection_lag_seconds',
  help: 'Seconds since the oldest event the projection has not applied was recorded (0 when caught up).',
  labelNames: ['projection'] as const,
  async collect() {
    this.reset();
    for (const p of await projections()) {
      if (p.lag) this.set({ projection: p.name }, p.lag.seconds);
    }
  },
});

gauge({
  name: 'ledger_projection_running',
  help: '1 while the projection runs (retries included), 0 once it stopped.',
  labelNames: ['projection'] as const,
  collect() {
    this.reset();
    for (const probe of projectionProbes.all()) {
      this.set({ projection: probe.name }, probe.state().running ? 1 : 0);
    }
  },
});

const projectionFailures = counter({
  name: 'ledger_projection_failures_total',
  help: 'Batches of a projection that failed (each is retried from its checkpoint).',
  labelNames: ['projection'] as const,
});

export function recordProjectionFailure(projection: string): void {
  projectionFailures.inc({ projection });
}

/* The Kafka relay (one per store; its process is the relay). */

const relay = shared(async () => {
  const [probe] = relayProbes.all();
  if (!probe) return null;
  return { position: probe.position(), lag: await probe.lag().catch(() => null) };
});

/** Only in the relay's process: elsewhere the three gauges would read 0. */
relayProbes.whenFirstAdded(() => {
  gauge({
    name: 'ledger_relay_position',
    help: 'Global position of the last event the relay published (the broker acknowledged).',
    async collect() {
      const r = await relay();
      if (r?.position == null) this.reset();
      else this.set(Number(r.position));
    },
  });

  gauge({
    name: 'ledger_relay_lag_events',
    help: 'Global positions between the relay’s checkpoint and the store’s head.',
    async collect() {
      const r = await relay();
      if (!r?.lag) this.reset();
      else this.set(r.lag.events);
    },
  });

  gauge({
    name: 'ledger_relay_lag_seconds',
    help: 'Seconds since the oldest event the relay has not published was recorded.',
    async collect() {
      const r = await relay();
      if (!r?.lag) this.reset();
      else this.set(r.lag.seconds);
    },
  });
});

const relayPublished = counter({
  name: 'ledger_relay_published_total',
  help: 'Events the relay published, by topic (acknowledged by the broker).',
  labelNames: ['topic'] as const,
});

export function recordRelayPublished(topic: string, events: number): void {
  relayPublished.inc({ topic }, events);
}

/* Kafka consumers (read models fed from Kafka). */

const consumers = shared(() =>
  Promise.all(
    consumerProbes.all().map(async (probe) => {
      const [lag, parked, held] = await Promise.all([
        probe.lag().catch(() => null),
        probe.parked().catch(() => null),
        probe.held().catch(() => null),
      ]);
      return { group: probe.group, connected: probe.connected(), lag, parked, held };
    }),
  ),
);

gauge({
  name: 'ledger_consumer_lag_messages',
  help: 'Messages of a partition the consumer group has not committed (high watermark minus offset).',
  labelNames: ['group', 'topic', 'partition'] as const,
  async collect() {
    this.reset();
    for (const c of await consumers()) {
      for (const p of c.lag ?? []) {
        this.set({ group: c.group, topic: p.topic, partition: String(p.partition) }, p.messages);
      }
    }
  },
});

gauge({
  name: 'ledger_consumer_connected',
  help: '1 while the consumer is in its group and fetching, 0 otherwise.',
  labelNames: ['group'] as const,
  collect() {
    this.reset();
    for (const probe of consumerProbes.all()) {
      this.set({ group: probe.group }, probe.connected() ? 1 : 0);
    }
  },
});

gauge({
  name: 'ledger_consumer_parked_messages',
  help: 'Messages parked as not valid events, in the consumer’s schema.',
  labelNames: ['group'] as const,
  async collect() {
    this.reset();
    for (const c of await consumers())
      if (c.parked !== null) this.set({ group: c.group }, c.parked);
  },
});

gauge({
  name: 'ledger_consumer_held_events',
  help: 'Events held back until the entity they are about arrives, in the consumer’s schema.',
  labelNames: ['group'] as const,
  async collect() {
    this.reset();
    for (const c of await consumers()) if (c.held !== null) this.set({ group: c.group }, c.held);
  },
});

const redeliveries = counter({
  name: 'ledger_consumer_redeliveries_total',
  help: 'Messages delivered again that the consumer had applied already (skipped).',
  labelNames: ['group'] as const,
});

export function recordRedelivery(group: string): void {
  redeliveries.inc({ group });
}

/* Assessment. */

const assessmentLag = histogram({
  name: 'ledger_assessment_lag_seconds',
  help: 'From the recording of the event that triggered a risk check to the recording of its flag.',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
});

export function recordAssessmentLag(seconds: number): void {
  assessmentLag.observe(Math.max(0, seconds));
}

import { EventStore } from '@ledger/event-store';
import { Decider } from '@ledger/domain-kernel';
import { CommandEnvelope, DomainEvent, ProjectedResult, handleCommand } from './handle-command';
import { StreamStateCache } from './stream-cache';

/**
 * What every command handler of a service does: run the command against its stream with
 * a cache of folded streams, then give the service's read models the chance to show it
 * (read-your-writes). The command stands whether or not they caught up in time.
 */
export class CommandRunner<Command, Event extends DomainEvent, State> {
  private readonly cache = new StreamStateCache<State>();

  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<Command, Event, State>,
    private readonly streamIdOf: (command: Command) => string,
    private readonly projected: (position: bigint) => Promise<boolean>,
    /** The service it runs for: ledger_commands_total's `service` label. */
    private readonly service?: string,
  ) {}

  async run(command: Command, envelope: CommandEnvelope): Promise<ProjectedResult<State>> {
    const result = await handleCommand(
      this.store,
      this.decider,
      this.streamIdOf(command),
      command,
      envelope,
      { cache: this.cache, ...(this.service === undefined ? {} : { service: this.service }) },
    );
    const projected = result.position === null || (await this.projected(result.position));
    return { ...result, projected };
  }
}

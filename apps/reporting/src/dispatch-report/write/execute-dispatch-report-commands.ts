import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { BulkCommand, BulkCommandRunner, BulkOutcome } from '@ledger/event-sourcing';
import { DispatchReportCommand } from '../domain/dispatch-report.commands';
import { dispatchReportStreamId, dispatchReportsDecider } from '../domain/dispatch-report.decider';
import { DispatchReportEvent } from '../domain/dispatch-report.events';
import { DispatchReportsState } from '../domain/dispatch-report.state';

/** Many dispatch report commands (a programme's history, loaded): each project's in one append. */
export class ExecuteDispatchReportCommands {
  constructor(readonly commands: readonly BulkCommand<DispatchReportCommand>[]) {}
}

/**
 * The bulk path: the same decider as ExecuteDispatchReportCommandHandler, without waiting
 * for the read model, whose answer a bulk does not carry.
 */
@CommandHandler(ExecuteDispatchReportCommands)
export class ExecuteDispatchReportCommandsHandler implements ICommandHandler<
  ExecuteDispatchReportCommands,
  BulkOutcome[]
> {
  private readonly runner: BulkCommandRunner<
    DispatchReportCommand,
    DispatchReportEvent,
    DispatchReportsState
  >;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.runner = new BulkCommandRunner(
      store,
      dispatchReportsDecider,
      (c) => dispatchReportStreamId(c.projectId),
      { service: 'reporting' },
    );
  }

  execute({ commands }: ExecuteDispatchReportCommands): Promise<BulkOutcome[]> {
    return this.runner.run(commands);
  }
}

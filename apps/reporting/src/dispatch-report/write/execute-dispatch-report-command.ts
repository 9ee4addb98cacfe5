import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { CommandEnvelope, CommandRunner, ProjectedResult } from '@ledger/event-sourcing';
import { ReportingReadModels } from '../../read-models/reporting-read-models';
import { DispatchReportCommand } from '../domain/dispatch-report.commands';
import { dispatchReportStreamId, dispatchReportsDecider } from '../domain/dispatch-report.decider';
import { DispatchReportsState } from '../domain/dispatch-report.state';
import { DispatchReportEvent } from '../domain/dispatch-report.events';

export class ExecuteDispatchReportCommand {
  constructor(
    readonly command: DispatchReportCommand,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ExecuteDispatchReportCommand)
export class ExecuteDispatchReportCommandHandler implements ICommandHandler<
  ExecuteDispatchReportCommand,
  ProjectedResult<DispatchReportsState>
> {
  private readonly runner: CommandRunner<
    DispatchReportCommand,
    DispatchReportEvent,
    DispatchReportsState
  >;

  constructor(@Inject(EVENT_STORE) store: EventStore, readModels: ReportingReadModels) {
    this.runner = new CommandRunner(
      store,
      dispatchReportsDecider,
      (c) => dispatchReportStreamId(c.projectId),
      (position) => readModels.projected(position),
      'reporting',
    );
  }

  execute({
    command,
    envelope,
  }: ExecuteDispatchReportCommand): Promise<ProjectedResult<DispatchReportsState>> {
    return this.runner.run(command, envelope);
  }
}

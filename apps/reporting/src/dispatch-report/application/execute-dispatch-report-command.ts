import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import {
  CommandEnvelope,
  ProjectedResult,
  StreamStateCache,
  handleCommand,
} from '@ledger/event-sourcing';
import { ReportingReadModels } from '../../read-models/reporting-read-models';
import { DispatchReportCommand } from '../domain/dispatch-report.commands';
import { dispatchReportStreamId, dispatchReportsDecider } from '../domain/dispatch-report.decider';
import { DispatchReportsState } from '../domain/dispatch-report.state';

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
  /** Streams folded by earlier commands: a command reads only what was appended since. */
  private readonly cache = new StreamStateCache<DispatchReportsState>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReportingReadModels,
  ) {}

  async execute({
    command,
    envelope,
  }: ExecuteDispatchReportCommand): Promise<ProjectedResult<DispatchReportsState>> {
    const result = await handleCommand(
      this.store,
      dispatchReportsDecider,
      dispatchReportStreamId(command.projectId),
      command,
      envelope,
      { cache: this.cache },
    );
    const projected =
      result.position === null || (await this.readModels.projected(result.position));
    return { ...result, projected };
  }
}

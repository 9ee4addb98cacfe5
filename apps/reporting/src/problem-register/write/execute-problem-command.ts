import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { CommandEnvelope, CommandRunner, ProjectedResult } from '@ledger/event-sourcing';
import { ReportingReadModels } from '../../read-models/reporting-read-models';
import { ProblemCommand } from '../domain/problem.commands';
import { problemDecider, problemStreamId } from '../domain/problem.decider';
import { ProblemEvent } from '../domain/problem.events';
import { ProblemState } from '../domain/problem.state';

export class ExecuteProblemCommand {
  constructor(
    readonly command: ProblemCommand,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ExecuteProblemCommand)
export class ExecuteProblemCommandHandler implements ICommandHandler<
  ExecuteProblemCommand,
  ProjectedResult<ProblemState>
> {
  private readonly runner: CommandRunner<ProblemCommand, ProblemEvent, ProblemState>;

  constructor(@Inject(EVENT_STORE) store: EventStore, readModels: ReportingReadModels) {
    this.runner = new CommandRunner(
      store,
      problemDecider,
      (c) => problemStreamId(c.problemId),
      (position) => readModels.projected(position),
      'reporting',
    );
  }

  execute({ command, envelope }: ExecuteProblemCommand): Promise<ProjectedResult<ProblemState>> {
    return this.runner.run(command, envelope);
  }
}

import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { BulkCommand, BulkCommandRunner, BulkOutcome } from '@ledger/event-sourcing';
import { projectStreamId } from '../domain/project-id';
import { ProjectCommand } from '../domain/project.commands';
import { projectDecider } from '../domain/project.decider';
import { ProjectEvent } from '../domain/project.events';
import { ProjectState } from '../domain/project.state';

/** Many project commands (a programme's history, loaded): each project's in one append. */
export class ExecuteProjectCommands {
  constructor(readonly commands: readonly BulkCommand<ProjectCommand>[]) {}
}

/**
 * The bulk path: the same decider as ExecuteProjectCommandHandler, without waiting for the
 * read models, whose answer a bulk does not carry.
 */
@CommandHandler(ExecuteProjectCommands)
export class ExecuteProjectCommandsHandler implements ICommandHandler<
  ExecuteProjectCommands,
  BulkOutcome[]
> {
  private readonly runner: BulkCommandRunner<ProjectCommand, ProjectEvent, ProjectState>;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.runner = new BulkCommandRunner(
      store,
      projectDecider,
      (c) => projectStreamId(c.projectId),
      {
        service: 'planning',
      },
    );
  }

  execute({ commands }: ExecuteProjectCommands): Promise<BulkOutcome[]> {
    return this.runner.run(commands);
  }
}

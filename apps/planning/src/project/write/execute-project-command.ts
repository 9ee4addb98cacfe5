import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { CommandEnvelope, CommandRunner, ProjectedResult } from '@ledger/event-sourcing';
import { PlanningReadModels } from '../../read-models/planning-read-models';
import { projectStreamId } from '../domain/project-id';
import { ProjectCommand } from '../domain/project.commands';
import { projectDecider } from '../domain/project.decider';
import { ProjectState } from '../domain/project.state';
import { ProjectEvent } from '../domain/project.events';

/** Every project command travels the bus in this one envelope: one handler, one path to trust. */
export class ExecuteProjectCommand {
  constructor(
    readonly command: ProjectCommand,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ExecuteProjectCommand)
export class ExecuteProjectCommandHandler implements ICommandHandler<
  ExecuteProjectCommand,
  ProjectedResult<ProjectState>
> {
  private readonly runner: CommandRunner<ProjectCommand, ProjectEvent, ProjectState>;

  constructor(@Inject(EVENT_STORE) store: EventStore, readModels: PlanningReadModels) {
    this.runner = new CommandRunner(
      store,
      projectDecider,
      (c) => projectStreamId(c.projectId),
      (position) => readModels.projected(position),
      'planning',
    );
  }

  execute({ command, envelope }: ExecuteProjectCommand): Promise<ProjectedResult<ProjectState>> {
    return this.runner.run(command, envelope);
  }
}

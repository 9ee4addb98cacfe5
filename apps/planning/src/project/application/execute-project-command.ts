import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import {
  CommandEnvelope,
  ProjectedResult,
  StreamStateCache,
  handleCommand,
} from '@ledger/event-sourcing';
import { PlanningReadModels } from '../../read-models/planning-read-models';
import { projectStreamId } from '../domain/project-id';
import { ProjectCommand } from '../domain/project.commands';
import { projectDecider } from '../domain/project.decider';
import { ProjectState } from '../domain/project.state';

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
  /** Streams folded by earlier commands: a command reads only what was appended since. */
  private readonly cache = new StreamStateCache<ProjectState>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: PlanningReadModels,
  ) {}

  async execute({
    command,
    envelope,
  }: ExecuteProjectCommand): Promise<ProjectedResult<ProjectState>> {
    const result = await handleCommand(
      this.store,
      projectDecider,
      projectStreamId(command.projectId),
      command,
      envelope,
      { cache: this.cache },
    );
    // Read-your-writes: the caller's next query sees its own command, unless the read
    // models lag; the command stands either way.
    const projected =
      result.position === null || (await this.readModels.projected(result.position));
    return { ...result, projected };
  }
}

import { InvalidCommandError, assertNever } from '@ledger/domain-kernel';
import { Principal, actorOf, ensureMayUse } from '@ledger/auth';
import { BulkCommand } from '@ledger/event-sourcing';
import { ProgrammeState } from '../../programme/domain/programme.decider';
import { ProjectId, projectStreamId } from '../domain/project-id';
import { ProjectCommand } from '../domain/project.commands';
import { PlanningCommandInput } from '../graphql/project.inputs';
import {
  PROJECT_COMMAND_KINDS,
  ProjectCommandRequest,
  parseProjectCommand,
  requestedProjectId,
} from './parse-project-input';

/**
 * The entries of a bulk as the bulk runner takes them: each parsed on the path of its own
 * mutation and allowed as that mutation is at the guard, or refused on the stream of the
 * project it names (so that its project records none of the bulk).
 */
export async function prepareProjectCommands(
  commands: readonly PlanningCommandInput[],
  principal: Principal,
  programme: () => Promise<ProgrammeState>,
): Promise<BulkCommand<ProjectCommand>[]> {
  const actor = actorOf(principal);
  const prepared: BulkCommand<ProjectCommand>[] = [];
  for (const [index, input] of commands.entries()) {
    const request = requestIn(input, index);
    if (request instanceof InvalidCommandError) {
      prepared.push({ refusal: request, streamId: null });
      continue;
    }
    try {
      ensureMayUse(principal, `Mutation.${request.kind}`);
      prepared.push(await parseProjectCommand(request, actor, programme));
    } catch (error) {
      const streamId = projectStreamId(requestedProjectId(request) as ProjectId);
      prepared.push({ refusal: error, streamId });
    }
  }
  return prepared;
}

/** The one command a bulk entry sets, or why it is not one command. */
function requestIn(
  input: PlanningCommandInput,
  index: number,
): ProjectCommandRequest | InvalidCommandError {
  const set = PROJECT_COMMAND_KINDS.filter(
    (kind) => input[kind] !== null && input[kind] !== undefined,
  );
  const request = set.length === 1 ? requestOf(input, set[0]!) : undefined;
  return (
    request ??
    new InvalidCommandError(
      `commands[${index}]`,
      `a command sets exactly one of ${PROJECT_COMMAND_KINDS.join(', ')}; this one sets ${set.length === 0 ? 'none' : set.join(' and ')}`,
    )
  );
}

function requestOf(
  input: PlanningCommandInput,
  kind: ProjectCommandRequest['kind'],
): ProjectCommandRequest | undefined {
  switch (kind) {
    case 'proposeProject':
      return input.proposeProject ? { kind, input: input.proposeProject } : undefined;
    case 'approveProject':
      return input.approveProject ? { kind, input: input.approveProject } : undefined;
    case 'adjustProjectPlan':
      return input.adjustProjectPlan ? { kind, input: input.adjustProjectPlan } : undefined;
    case 'disburseFunds':
      return input.disburseFunds ? { kind, input: input.disburseFunds } : undefined;
    case 'scheduleMilestone':
      return input.scheduleMilestone ? { kind, input: input.scheduleMilestone } : undefined;
    case 'recordMilestoneMet':
      return input.recordMilestoneMet ? { kind, input: input.recordMilestoneMet } : undefined;
    case 'startConstruction':
      return input.startConstruction ? { kind, input: input.startConstruction } : undefined;
    case 'completeProject':
      return input.completeProject ? { kind, input: input.completeProject } : undefined;
    case 'suspendProject':
      return input.suspendProject ? { kind, input: input.suspendProject } : undefined;
    case 'resumeProject':
      return input.resumeProject ? { kind, input: input.resumeProject } : undefined;
    case 'cancelProject':
      return input.cancelProject ? { kind, input: input.cancelProject } : undefined;
    case 'rateProjectMaturity':
      return input.rateProjectMaturity ? { kind, input: input.rateProjectMaturity } : undefined;
    case 'assignNationalProjectCode':
      return input.assignNationalProjectCode
        ? { kind, input: input.assignNationalProjectCode }
        : undefined;
    case 'recordPreConstructionApproval':
      return input.recordPreConstructionApproval
        ? { kind, input: input.recordPreConstructionApproval }
        : undefined;
    default:
      return assertNever(kind);
  }
}

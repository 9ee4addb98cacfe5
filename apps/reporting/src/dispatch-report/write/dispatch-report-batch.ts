import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Principal, actorOf, ensureMayUse } from '@ledger/auth';
import { InvalidCommandError } from '@ledger/domain-kernel';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { BulkCommand, BulkOutcome, ensureBulkSize } from '@ledger/event-sourcing';
import { RegisteredProject } from '../../progress/progress.queries';
import { ReportingReadModels } from '../../read-models/reporting-read-models';
import { DispatchReportCommand } from '../domain/dispatch-report.commands';
import { dispatchReportStreamId } from '../domain/dispatch-report.decider';
import { ReportingCommandInput } from '../graphql/dispatch-report.types';
import {
  DispatchReportRequest,
  DispatchReportWriter,
  ReportedProjects,
} from './dispatch-report-writer';
import { ExecuteDispatchReportCommands } from './execute-dispatch-report-commands';

const KINDS = ['submitDispatchReport', 'correctDispatchReport'] as const;

/** How long a bulk waits for the register to hear of projects planning has just recorded. */
const REGISTER_CATCH_UP_MS = 30_000;

/**
 * A bulk of dispatch reports: each prepared on the path of its own mutation (scope, the
 * project's standing, due date, valid time) and allowed as that mutation is at the guard,
 * then decided and written per project by the bulk runner.
 */
@Injectable()
export class DispatchReportBatch {
  private readonly logger = new Logger(DispatchReportBatch.name);

  constructor(
    private readonly commandBus: CommandBus,
    private readonly writer: DispatchReportWriter,
    private readonly readModels: ReportingReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async run(
    principal: Principal,
    commands: readonly ReportingCommandInput[],
  ): Promise<BulkOutcome[]> {
    ensureBulkSize(commands.length);
    const actor = actorOf(principal);
    const requests = commands.map(requestIn);
    const register = await this.registerOf(
      requests.flatMap((r) => (r instanceof InvalidCommandError ? [] : [r.input.projectId])),
    );
    const prepared: BulkCommand<DispatchReportCommand>[] = [];
    for (const request of requests) {
      if (request instanceof InvalidCommandError) {
        prepared.push({ refusal: request, streamId: null });
        continue;
      }
      try {
        ensureMayUse(principal, `Mutation.${request.kind}`);
        prepared.push(await this.writer.prepare(principal, actor, request, register));
      } catch (error) {
        prepared.push({
          refusal: error,
          streamId: dispatchReportStreamId(request.input.projectId),
        });
      }
    }
    return this.commandBus.execute<ExecuteDispatchReportCommands, BulkOutcome[]>(
      new ExecuteDispatchReportCommands(prepared),
    );
  }

  /**
   * The register's entries of the bulk's projects, in one query. A history is loaded in
   * order: planning's approvals may have been recorded a moment ago and not be in the
   * register yet. Before a report is refused for that, the register catches up with the log
   * once (scope is judged on the same entries, so a late entry cannot slip past it).
   */
  private async registerOf(projectIds: readonly string[]): Promise<ReportedProjects> {
    const ids = [...new Set(projectIds)];
    const entries = await this.readModels.progress.registered(ids);
    const unsettled = ids.filter((id) => !entries.get(id)?.approved_on);
    if (unsettled.length > 0) {
      const head = await this.store.headPosition();
      if (head !== null) {
        try {
          await this.readModels.register.waitFor(head, REGISTER_CATCH_UP_MS);
        } catch (error) {
          this.logger.warn(`register behind position ${head}: ${String(error)}`);
        }
        for (const [id, entry] of await this.readModels.progress.registered(unsettled)) {
          entries.set(id, entry);
        }
      }
    }
    const entry = (id: string): RegisteredProject | undefined => entries.get(id);
    return {
      standing: (id) => Promise.resolve(entry(id)),
      units: (id) => {
        const found = entry(id);
        return Promise.resolve(
          found && { networkCode: found.network_code, regionCodes: found.region_codes },
        );
      },
    };
  }
}

/** The one command a bulk entry sets, or why it is not one command. */
function requestIn(
  input: ReportingCommandInput,
  index: number,
): DispatchReportRequest | InvalidCommandError {
  const set = KINDS.filter((kind) => input[kind] !== null && input[kind] !== undefined);
  if (set.length === 1 && input.submitDispatchReport) {
    return { kind: 'submitDispatchReport', input: input.submitDispatchReport };
  }
  if (set.length === 1 && input.correctDispatchReport) {
    return { kind: 'correctDispatchReport', input: input.correctDispatchReport };
  }
  return new InvalidCommandError(
    `commands[${index}]`,
    `a command sets exactly one of ${KINDS.join(', ')}; this one sets ${set.length === 0 ? 'none' : set.join(' and ')}`,
  );
}

import { createHash } from 'node:crypto';
import {
  Fen,
  InvalidCommandError,
  assertNever,
  LocalDate,
  parseLocalDate,
  parseYuan,
} from '@ledger/domain-kernel';
import { CommandEnvelope } from '@ledger/event-sourcing';
import { ProgrammeState } from '../../programme/domain/programme.decider';
import { ProjectId, isProjectId } from '../domain/project-id';
import {
  AdjustProjectPlan,
  PlannedAnnualInvestment,
  PlannedFunding,
  ProjectCommand,
  ProposeProject,
} from '../domain/project.commands';
import {
  AdjustProjectPlanInput,
  AnnualInvestmentInput,
  ApproveProjectInput,
  DisburseFundsInput,
  FundingLineInput,
  ProjectDatedInput,
  ProjectReasonedInput,
  ProposeProjectInput,
  RateProjectMaturityInput,
  RecordMilestoneMetInput,
  ScheduleMilestoneInput,
} from '../graphql/project.inputs';
import {
  AssignNationalProjectCodeInput,
  RecordPreConstructionApprovalInput,
} from '../pre-construction-approval/pre-construction-approval.inputs';
import { parseNationalProjectCode } from '../national-project-code/national-project-code';
import { parseRecordPreConstructionApproval } from '../pre-construction-approval/parse-pre-construction-approval';

/**
 * The edge: GraphQL input to domain command. Everything that can be wrong with a value
 * regardless of state is refused here, naming the field; the decider then only judges
 * rules that depend on the project's history.
 */
const CONTROL = /\p{Cc}/u;

export function text(value: string | null | undefined, field: string, max = 200): string {
  const trimmed = (value ?? '').trim();
  if (trimmed.length === 0 || trimmed.length > max) {
    throw new InvalidCommandError(field, `${field} must be between 1 and ${max} characters`);
  }
  // Control characters (NUL, ESC, BEL) are never part of a record; long texts such as
  // reasons may break lines, names and codes may not.
  const checked = max > 200 ? trimmed.replace(/[\n\t]/g, '') : trimmed;
  if (CONTROL.test(checked)) {
    throw new InvalidCommandError(field, `${field} must not contain control characters`);
  }
  return trimmed;
}

export function projectIdOf(value: string, field = 'projectId'): ProjectId {
  if (!isProjectId(value)) {
    throw new InvalidCommandError(
      field,
      `${field} must be 3 to 80 lower-case letters, digits or "-", starting with a letter or digit`,
    );
  }
  return value;
}

/** A new project without an id gets one derived from the key, so a retried proposal finds it. */
function derivedProjectId(idempotencyKey: string): ProjectId {
  return `prj-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 20)}` as ProjectId;
}

export function idempotencyKeyOf(value: string): string {
  if (!/^[A-Za-z0-9._:-]{8,100}$/.test(value)) {
    throw new InvalidCommandError(
      'idempotencyKey',
      'idempotencyKey must be 8 to 100 letters, digits, ".", "_", ":" or "-" (a UUID works)',
    );
  }
  return value;
}

export function expectedVersionOf(value: string | null | undefined): bigint | undefined {
  if (value === null || value === undefined) return undefined;
  if (!/^\d{1,18}$/.test(value)) {
    throw new InvalidCommandError('expectedVersion', 'expectedVersion must be a version number');
  }
  return BigInt(value);
}

export function positiveYuan(value: string, field: string): Fen {
  const amount = parseYuan(value, field);
  if (amount <= 0n) throw new InvalidCommandError(field, `${field} must be more than zero`);
  return amount;
}

export function date(value: string, field: string): LocalDate {
  return parseLocalDate(value, field);
}

/** One line per source, in a canonical order, so the same plan always fingerprints the same. */
function funding(lines: readonly FundingLineInput[], field: string): PlannedFunding[] {
  if (lines.length > 20) throw new InvalidCommandError(field, `${field} has at most 20 lines`);
  const sources = new Set<string>();
  return lines
    .map((line, i) => {
      if (sources.has(line.source)) {
        throw new InvalidCommandError(`${field}[${i}].source`, `${line.source} appears twice`);
      }
      sources.add(line.source);
      return { source: line.source, amount: positiveYuan(line.amount, `${field}[${i}].amount`) };
    })
    .sort((a, b) => (a.source < b.source ? -1 : 1));
}

function annual(lines: readonly AnnualInvestmentInput[], field: string): PlannedAnnualInvestment[] {
  if (lines.length > 30) throw new InvalidCommandError(field, `${field} has at most 30 years`);
  const years = new Set<number>();
  return lines
    .map((line, i) => {
      if (!Number.isInteger(line.year) || line.year < 2000 || line.year > 2100) {
        throw new InvalidCommandError(`${field}[${i}].year`, 'year must be between 2000 and 2100');
      }
      if (years.has(line.year)) {
        throw new InvalidCommandError(`${field}[${i}].year`, `${line.year} appears twice`);
      }
      years.add(line.year);
      return { year: line.year, amount: positiveYuan(line.amount, `${field}[${i}].amount`) };
    })
    .sort((a, b) => a.year - b.year);
}

function knownCode(set: ReadonlySet<string>, code: string, field: string, what: string): string {
  if (!set.has(code)) {
    throw new InvalidCommandError(field, `${field}: "${code}" is not a ${what} of the programme`);
  }
  return code;
}

const CHINESE = /\p{Script=Han}/u;

export function parseProposeProject(
  input: ProposeProjectInput,
  programme: ProgrammeState,
): ProposeProject {
  const nameZh = text(input.nameZh, 'nameZh');
  if (!CHINESE.test(nameZh)) {
    throw new InvalidCommandError('nameZh', 'nameZh must be the project name in Chinese');
  }
  const networkCode = knownCode(programme.networks, input.networkCode, 'networkCode', 'network');
  if (!programme.categories.has(`${networkCode}/${input.categoryCode}`)) {
    throw new InvalidCommandError(
      'categoryCode',
      `categoryCode: "${input.categoryCode}" is not a category of the ${networkCode} network`,
    );
  }
  return {
    type: 'ProposeProject',
    projectId:
      input.projectId === null || input.projectId === undefined
        ? derivedProjectId(input.idempotencyKey)
        : projectIdOf(input.projectId),
    nameZh,
    nameEn: input.nameEn ? text(input.nameEn, 'nameEn') : null,
    networkCode,
    categoryCode: input.categoryCode,
    tags: [
      ...new Set(
        input.tags.map((t, i) =>
          knownCode(programme.tags, t, `tags[${i}]`, 'new-type infrastructure tag'),
        ),
      ),
    ].sort(),
    regionCode: knownCode(programme.regions, input.regionCode, 'regionCode', 'region'),
    responsibleUnit: text(input.responsibleUnit, 'responsibleUnit'),
    constructionNature: input.constructionNature,
    plannedTotalInvestment: positiveYuan(input.plannedTotalInvestment, 'plannedTotalInvestment'),
    fundingPlan: funding(input.fundingPlan, 'fundingPlan'),
    plannedStart: date(input.plannedStart, 'plannedStart'),
    plannedEnd: date(input.plannedEnd, 'plannedEnd'),
    annualInvestmentPlan: annual(input.annualInvestmentPlan, 'annualInvestmentPlan'),
    synthetic: input.synthetic === true,
  };
}

export function parseAdjustProjectPlan(input: AdjustProjectPlanInput): AdjustProjectPlan {
  const optional = <T>(value: string | null | undefined, parse: (v: string) => T): T | undefined =>
    value === null || value === undefined ? undefined : parse(value);
  const command: AdjustProjectPlan = {
    type: 'AdjustProjectPlan',
    projectId: projectIdOf(input.projectId),
    adjustedOn: date(input.adjustedOn, 'adjustedOn'),
    reason: text(input.reason, 'reason', 1000),
  };
  const plannedTotal = optional(input.plannedTotalInvestment, (v) =>
    positiveYuan(v, 'plannedTotalInvestment'),
  );
  const approved = optional(input.approvedInvestment, (v) => positiveYuan(v, 'approvedInvestment'));
  const start = optional(input.plannedStart, (v) => date(v, 'plannedStart'));
  const end = optional(input.plannedEnd, (v) => date(v, 'plannedEnd'));
  if (plannedTotal !== undefined) command.plannedTotalInvestment = plannedTotal;
  if (approved !== undefined) command.approvedInvestment = approved;
  if (start !== undefined) command.plannedStart = start;
  if (end !== undefined) command.plannedEnd = end;
  if (input.fundingPlan) command.fundingPlan = funding(input.fundingPlan, 'fundingPlan');
  if (input.annualInvestmentPlan) {
    command.annualInvestmentPlan = annual(input.annualInvestmentPlan, 'annualInvestmentPlan');
  }
  return command;
}

/** Every project command's input, by the mutation that takes it (and the bulk field that does). */
export interface ProjectCommandInputs {
  proposeProject: ProposeProjectInput;
  approveProject: ApproveProjectInput;
  adjustProjectPlan: AdjustProjectPlanInput;
  disburseFunds: DisburseFundsInput;
  scheduleMilestone: ScheduleMilestoneInput;
  recordMilestoneMet: RecordMilestoneMetInput;
  startConstruction: ProjectDatedInput;
  completeProject: ProjectDatedInput;
  suspendProject: ProjectReasonedInput;
  resumeProject: ProjectDatedInput;
  cancelProject: ProjectReasonedInput;
  rateProjectMaturity: RateProjectMaturityInput;
  assignNationalProjectCode: AssignNationalProjectCodeInput;
  recordPreConstructionApproval: RecordPreConstructionApprovalInput;
}
export type ProjectCommandKind = keyof ProjectCommandInputs;

export const PROJECT_COMMAND_KINDS: readonly ProjectCommandKind[] = [
  'proposeProject',
  'approveProject',
  'adjustProjectPlan',
  'disburseFunds',
  'scheduleMilestone',
  'recordMilestoneMet',
  'startConstruction',
  'completeProject',
  'suspendProject',
  'resumeProject',
  'cancelProject',
  'rateProjectMaturity',
  'assignNationalProjectCode',
  'recordPreConstructionApproval',
];

/** One command as a client sent it: which mutation, with which input. */
export type ProjectCommandRequest = {
  [K in ProjectCommandKind]: { kind: K; input: ProjectCommandInputs[K] };
}[ProjectCommandKind];

/** The project a request is about, before any of it is checked: where it would be recorded. */
export function requestedProjectId(request: ProjectCommandRequest): string {
  if (request.kind === 'proposeProject') {
    const { projectId, idempotencyKey } = request.input;
    return projectId === null || projectId === undefined
      ? derivedProjectId(idempotencyKey)
      : projectId;
  }
  return request.input.projectId;
}

function buildCommand(
  request: ProjectCommandRequest,
  programme: () => Promise<ProgrammeState>,
): ProjectCommand | Promise<ProjectCommand> {
  switch (request.kind) {
    case 'proposeProject':
      return programme().then((plan) => parseProposeProject(request.input, plan));
    case 'approveProject': {
      const input = request.input;
      return {
        type: 'ApproveProject',
        projectId: projectIdOf(input.projectId),
        authority: text(input.authority, 'authority'),
        documentNumber: text(input.documentNumber, 'documentNumber'),
        approvedInvestment: positiveYuan(input.approvedInvestment, 'approvedInvestment'),
        approvedOn: date(input.approvedOn, 'approvedOn'),
      };
    }
    case 'adjustProjectPlan':
      return parseAdjustProjectPlan(request.input);
    case 'disburseFunds': {
      const input = request.input;
      return {
        type: 'DisburseFunds',
        projectId: projectIdOf(input.projectId),
        disbursementId: text(input.disbursementId, 'disbursementId', 100),
        amount: positiveYuan(input.amount, 'amount'),
        source: input.source,
        paidOn: date(input.paidOn, 'paidOn'),
        payee: text(input.payee, 'payee'),
      };
    }
    case 'scheduleMilestone':
      return {
        type: 'ScheduleMilestone',
        projectId: projectIdOf(request.input.projectId),
        kind: request.input.kind,
        plannedOn: date(request.input.plannedOn, 'plannedOn'),
      };
    case 'recordMilestoneMet':
      return {
        type: 'RecordMilestoneMet',
        projectId: projectIdOf(request.input.projectId),
        kind: request.input.kind,
        metOn: date(request.input.metOn, 'metOn'),
      };
    case 'startConstruction':
      return {
        type: 'StartConstruction',
        projectId: projectIdOf(request.input.projectId),
        startedOn: date(request.input.date, 'date'),
      };
    case 'completeProject':
      return {
        type: 'CompleteProject',
        projectId: projectIdOf(request.input.projectId),
        completedOn: date(request.input.date, 'date'),
      };
    case 'suspendProject':
      return {
        type: 'SuspendProject',
        projectId: projectIdOf(request.input.projectId),
        suspendedOn: date(request.input.date, 'date'),
        reason: text(request.input.reason, 'reason', 1000),
      };
    case 'resumeProject':
      return {
        type: 'ResumeProject',
        projectId: projectIdOf(request.input.projectId),
        resumedOn: date(request.input.date, 'date'),
      };
    case 'cancelProject':
      return {
        type: 'CancelProject',
        projectId: projectIdOf(request.input.projectId),
        cancelledOn: date(request.input.date, 'date'),
        reason: text(request.input.reason, 'reason', 1000),
      };
    case 'rateProjectMaturity':
      return {
        type: 'RateProjectMaturity',
        projectId: projectIdOf(request.input.projectId),
        rating: request.input.rating,
        ratedOn: date(request.input.ratedOn, 'ratedOn'),
        basis: text(request.input.basis, 'basis', 1000),
      };
    case 'assignNationalProjectCode':
      return {
        type: 'AssignNationalProjectCode',
        projectId: projectIdOf(request.input.projectId),
        code: parseNationalProjectCode(request.input.code),
        assignedOn: date(request.input.assignedOn, 'assignedOn'),
      };
    case 'recordPreConstructionApproval':
      return parseRecordPreConstructionApproval(request.input);
    default:
      return assertNever(request);
  }
}

/**
 * A request to the command it asks for, with who sends it and how a retry is recognised:
 * the one path of a project mutation and of each command of a bulk, checked in one order
 * (the key, the expected version, then the command's own fields).
 */
export async function parseProjectCommand(
  request: ProjectCommandRequest,
  actor: string,
  programme: () => Promise<ProgrammeState>,
): Promise<{ command: ProjectCommand; envelope: CommandEnvelope }> {
  const envelope: CommandEnvelope = {
    actor,
    idempotencyKey: idempotencyKeyOf(request.input.idempotencyKey),
  };
  const expected = expectedVersionOf(
    'expectedVersion' in request.input ? request.input.expectedVersion : undefined,
  );
  if (expected !== undefined) envelope.expectedVersion = expected;
  return { command: await buildCommand(request, programme), envelope };
}

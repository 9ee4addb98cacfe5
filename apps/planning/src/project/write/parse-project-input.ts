import { createHash } from 'node:crypto';
import {
  Fen,
  InvalidCommandError,
  LocalDate,
  parseLocalDate,
  parseYuan,
} from '@ledger/domain-kernel';
import { ProgrammeState } from '../../programme/domain/programme.decider';
import { ProjectId, isProjectId } from '../domain/project-id';
import {
  AdjustProjectPlan,
  PlannedAnnualInvestment,
  PlannedFunding,
  ProposeProject,
} from '../domain/project.commands';
import {
  AdjustProjectPlanInput,
  AnnualInvestmentInput,
  FundingLineInput,
  ProposeProjectInput,
} from '../graphql/project.inputs';

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
    synthetic: false,
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

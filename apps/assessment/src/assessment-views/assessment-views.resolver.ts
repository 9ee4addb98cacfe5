import { GraphQLError, GraphQLResolveInfo } from 'graphql';
import {
  Args,
  Context,
  Field,
  ID,
  Info,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from '@nestjs/graphql';
import {
  GraphQLContext,
  asGraphQL,
  requestActor,
  requestPrincipal,
  selectsField,
} from '@ledger/api';
import { Principal, ensureProjectInScope, scopeOf } from '@ledger/auth';
import { InvalidCommandError } from '@ledger/domain-kernel';
import { RiskAssessor } from '../risk/write/risk-assessor';
import {
  AssessmentReadModels,
  EvidenceJson,
  FlagRow,
  FlagStepRow,
  ScoreRow,
} from '../read-models/assessment-read-models';
import { PeriodScorer } from '../score/write/period-scorer';
import { periodRange } from '../score/domain/period';
import { IN_ASSESSMENT } from '../assessment.schema';

@ObjectType(IN_ASSESSMENT)
export class EvidenceFigure {
  @Field()
  name!: string;
  @Field()
  value!: string;
}

@ObjectType({
  ...IN_ASSESSMENT,
  description: 'What a rule compared, and the events the figures come from.',
})
export class Evidence {
  @Field(() => [EvidenceFigure])
  figures!: EvidenceFigure[];
  @Field(() => [String])
  eventIds!: string[];
}

@ObjectType({
  ...IN_ASSESSMENT,
  description:
    'One step of a risk flag: raised, updated (its severity or figures moved), resolved.',
})
export class RiskFlagStep {
  @Field({ description: 'raised, updated or resolved' })
  kind!: string;
  @Field({ description: 'The day the rules were checked.' })
  on!: string;
  @Field(() => String, { nullable: true, description: 'amber or red; null when resolved.' })
  severity!: string | null;
  @Field({ description: 'The version of the thresholds the step was checked under.' })
  configVersion!: string;
  @Field(() => Evidence, { description: 'The figures found at this step.' })
  evidence!: Evidence;
  @Field({ description: 'The id of the event that recorded the step.' })
  eventId!: string;
}

@ObjectType({
  ...IN_ASSESSMENT,
  description:
    'A risk flag, from its raising to its resolution: what its rule finds now (severity, evidence) beside what it was raised on (raised), and every step between (history).',
})
export class RiskFlag {
  @Field(() => ID, { description: 'The id of the event that raised it.' })
  flagId!: string;
  @Field({ description: 'project, network or region' })
  subjectKind!: string;
  @Field({ description: 'The project id, network code or region code the flag is about.' })
  subject!: string;
  @Field(() => String, { nullable: true, description: 'For project flags.' })
  projectId!: string | null;
  @Field({
    description:
      'behind-schedule, cost-overrun, stalled, not-started, money-ahead-of-work, reports-late, funding-gap, debt-concentration',
  })
  rule!: string;
  @Field({
    description:
      'amber or red, as the rule finds it now (moves with the rule while open; the last before resolution once resolved)',
  })
  severity!: string;
  @Field({ description: 'open or resolved' })
  status!: string;
  @Field()
  raisedOn!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The day its severity or figures last moved; null while as raised.',
  })
  updatedOn!: string | null;
  @Field(() => String, { nullable: true })
  resolvedOn!: string | null;
  @Field({ description: 'The version of the thresholds it was raised under.' })
  configVersion!: string;
  @Field(() => Evidence, {
    description:
      'The figures its rule finds now and the events they come from (the last before resolution once resolved).',
  })
  evidence!: Evidence;
  @Field(() => RiskFlagStep, { description: 'What it was raised on: severity and figures.' })
  raised!: RiskFlagStep;
  @Field(() => [RiskFlagStep], {
    description: 'Every step, oldest first: raised, each update, resolved.',
  })
  history!: RiskFlagStep[];
  @Field(() => Evidence, { nullable: true })
  resolutionEvidence!: Evidence | null;
  @Field(() => String, { nullable: true })
  networkCode!: string | null;
  @Field(() => [String])
  regionCodes!: string[];
  @Field(() => String, { nullable: true })
  responsibleUnit!: string | null;
  @Field(() => String, { nullable: true })
  leadDepartment!: string | null;
}

@InputType(IN_ASSESSMENT)
export class RiskFlagFilter {
  @Field(() => String, { nullable: true }) severity?: string | null;
  @Field(() => String, { nullable: true }) rule?: string | null;
  @Field(() => String, { nullable: true }) networkCode?: string | null;
  @Field(() => String, { nullable: true }) regionCode?: string | null;
  @Field(() => String, { nullable: true, description: 'A responsible unit or lead department.' })
  unit?: string | null;
  @Field(() => String, { nullable: true, description: 'open or resolved' }) status?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "One project's flags (outside your scope: FORBIDDEN).",
  })
  projectId?: string | null;
  @Field(() => String, { nullable: true, description: 'Raised in this month, quarter or year.' })
  period?: string | null;
}

@ObjectType(IN_ASSESSMENT)
export class ScoreLine {
  @Field()
  component!: string;
  @Field({ description: 'Points with two decimals; negative for deductions.' })
  points!: string;
  @Field()
  max!: string;
  @Field()
  basis!: string;
}

@ObjectType({
  ...IN_ASSESSMENT,
  description: "A unit's score for a period, its rank, and the breakdown that adds up to it.",
})
export class UnitScore {
  @Field()
  period!: string;
  @Field({ description: 'department or region' })
  unitKind!: string;
  @Field()
  unit!: string;
  @Field()
  score!: string;
  @Field(() => Int)
  rank!: number;
  @Field()
  rubricVersion!: string;
  @Field(() => [ScoreLine])
  breakdown!: ScoreLine[];
}

const points = (hundredths: number): string => {
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};
const evidence = (e: EvidenceJson): Evidence => ({
  figures: Object.entries(e.figures).map(([name, value]) => ({ name, value })),
  eventIds: e.eventIds,
});
const nonEmpty = (value: string | null | undefined): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : value;

const toStep = (s: FlagStepRow): RiskFlagStep => ({
  kind: s.kind,
  on: s.on_date,
  severity: s.severity,
  configVersion: s.config_version,
  evidence: evidence(s.evidence),
  eventId: s.event_id,
});

/**
 * Loads the history of these flags when the query shows it, in the read models that gave the
 * rows: a flag's steps are many rows, and most queries (lists, dashboards) never ask for them.
 */
export async function withHistory(
  history: (flagIds: readonly string[]) => Promise<readonly FlagStepRow[]>,
  rows: readonly FlagRow[],
  info: GraphQLResolveInfo,
): Promise<RiskFlag[]> {
  if (rows.length === 0 || !selectsField(info, 'history')) return rows.map((r) => toRiskFlag(r));
  const steps = new Map<string, FlagStepRow[]>();
  for (const step of await history(rows.map((r) => r.flag_id))) {
    steps.set(step.flag_id, [...(steps.get(step.flag_id) ?? []), step]);
  }
  return rows.map((r) => toRiskFlag(r, steps.get(r.flag_id) ?? []));
}

/** `history` is what was loaded: empty unless withHistory loaded it for a query that shows it. */
function toRiskFlag(r: FlagRow, history: readonly FlagStepRow[] = []): RiskFlag {
  return {
    flagId: r.flag_id,
    subjectKind: r.subject_kind,
    subject: r.subject,
    projectId: r.project_id,
    rule: r.rule,
    severity: r.severity,
    status: r.status,
    raisedOn: r.raised_on,
    updatedOn: r.updated_on,
    resolvedOn: r.resolved_on,
    configVersion: r.config_version,
    evidence: evidence(r.evidence),
    raised: {
      kind: 'raised',
      on: r.raised_on,
      severity: r.raised_severity,
      configVersion: r.config_version,
      evidence: evidence(r.raised_evidence),
      eventId: r.flag_id,
    },
    history: history.map(toStep),
    resolutionEvidence: r.resolution_evidence ? evidence(r.resolution_evidence) : null,
    networkCode: r.network_code,
    regionCodes: r.region_codes,
    responsibleUnit: r.responsible_unit,
    leadDepartment: r.lead_department,
  };
}

/** A department or region sees its own score (with its rank), not the others'. */
export function scoreVisibleTo(principal: Principal, r: ScoreRow): boolean {
  switch (principal.role) {
    case 'lead_department':
      return r.unit_kind === 'department' && r.unit === principal.department;
    case 'region':
      return r.unit_kind === 'region' && r.unit === principal.region;
    case 'planning_office':
    case 'supervisor':
    case 'auditor':
      return true;
    case 'operator':
      return false;
    default: {
      const unknownRole: never = principal;
      throw new Error(`unknown role ${String(unknownRole)}`);
    }
  }
}

export function toUnitScore(r: ScoreRow): UnitScore {
  return {
    period: r.period,
    unitKind: r.unit_kind,
    unit: r.unit,
    score: points(r.score),
    rank: r.rank,
    rubricVersion: r.rubric_version,
    breakdown: r.breakdown.map((l) => ({
      component: l.component,
      points: points(l.points),
      max: points(l.max),
      basis: l.basis,
    })),
  };
}

@Resolver()
export class AssessmentResolver {
  constructor(
    private readonly readModels: AssessmentReadModels,
    private readonly scorer: PeriodScorer,
    private readonly assessor: RiskAssessor,
  ) {}

  @Query(() => [RiskFlag], { description: 'Risk flags, red first, newest first.' })
  async riskFlags(
    @Context() ctx: GraphQLContext,
    @Args('filter', { type: () => RiskFlagFilter, nullable: true }) filter: RiskFlagFilter | null,
    @Args('first', { type: () => Int, nullable: true, description: '1-200 (50)' })
    first: number | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RiskFlag[]> {
    const limit = first ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      throw new GraphQLError('first must be between 1 and 200', {
        extensions: { code: 'BAD_USER_INPUT', field: 'first' },
      });
    }
    const period = nonEmpty(filter?.period);
    if (period) asGraphQLSync(() => periodRange(period, 'filter.period'));
    const principal = await requestPrincipal(ctx);
    const projectId = nonEmpty(filter?.projectId);
    // As Project.riskFlags: a project outside your scope is refused, not answered as empty.
    if (projectId) {
      await ensureProjectInScope(
        principal,
        projectId,
        async () => (await this.readModels.factsOf([projectId]))[0] ?? null,
      );
    }
    const rows = await this.readModels.flags(
      {
        ...(nonEmpty(filter?.severity) ? { severity: filter!.severity! } : {}),
        ...(nonEmpty(filter?.rule) ? { rule: filter!.rule! } : {}),
        ...(nonEmpty(filter?.networkCode) ? { networkCode: filter!.networkCode! } : {}),
        ...(nonEmpty(filter?.regionCode) ? { regionCode: filter!.regionCode! } : {}),
        ...(nonEmpty(filter?.unit) ? { unit: filter!.unit! } : {}),
        ...(nonEmpty(filter?.status) ? { status: filter!.status! } : {}),
        ...(period ? { period } : {}),
        ...(projectId ? { projectIds: [projectId] } : {}),
        scope: scopeOf(principal),
      },
      limit,
    );
    return withHistory((ids) => this.readModels.flagHistory(ids), rows, info);
  }

  @Query(() => [UnitScore], { description: 'Scores and rankings for a month, quarter or year.' })
  async scores(
    @Context() ctx: GraphQLContext,
    @Args('period') period: string,
    @Args('unitKind', { type: () => String, nullable: true }) unitKind: string | null,
  ): Promise<UnitScore[]> {
    asGraphQLSync(() => periodRange(period));
    const principal = await requestPrincipal(ctx);
    const rows = await this.readModels.scores(period, nonEmpty(unitKind) ?? null);
    return rows.filter((r) => scoreVisibleTo(principal, r)).map(toUnitScore);
  }

  @Mutation(() => [UnitScore], {
    description:
      'Score every department and region for a period (the planning office, monthly, quarterly, yearly).',
  })
  scorePeriod(
    @Context() ctx: GraphQLContext,
    @Args('period') period: string,
    @Args('idempotencyKey') idempotencyKey: string,
  ): Promise<UnitScore[]> {
    return asGraphQL(async () => {
      periodRange(period);
      await this.scorer.score(period, await requestActor(ctx), idempotencyKey);
      return this.scores(ctx, period, null);
    });
  }

  @Mutation(() => Int, {
    description: 'Check every project against the risk rules now; returns flag changes recorded.',
  })
  checkRisks(@Context() ctx: GraphQLContext): Promise<number> {
    return asGraphQL(async () => {
      await requestActor(ctx);
      return this.assessor.assess(null);
    });
  }
}

export function asGraphQLSync(work: () => unknown): void {
  try {
    work();
  } catch (error) {
    if (error instanceof InvalidCommandError) {
      throw new GraphQLError(error.message, {
        extensions: { code: 'BAD_USER_INPUT', field: error.field },
      });
    }
    throw error;
  }
}

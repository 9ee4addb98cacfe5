import { GraphQLError } from 'graphql';
import {
  Args,
  Context,
  Directive,
  Field,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from '@nestjs/graphql';
import { GraphQLContext, requestActor, requestPrincipal, toGraphQLError } from '@ledger/api';
import { Principal, inScope, scopeOf } from '@ledger/auth';
import { RuleViolation } from '@ledger/domain-kernel';
import { IN_ASSESSMENT } from '../../assessment.schema';
import { AssessmentReadModels } from '../../read-models/assessment-read-models';
import { parseMonth } from '../domain/circular';
import { DOCX_MEDIA_TYPE, circularDocument, circularFileName } from '../document/circular-document';
import { CircularRow, SummonsRow, SupervisionQueries } from '../supervision.queries';
import { SupervisionWriter } from '../write/supervision-writer';

@ObjectType('SupervisionScoreRef', { ...IN_ASSESSMENT, description: "A unit's score of a period." })
export class SupervisionScoreRef {
  @Field({ description: 'YYYY-MM, YYYY-Qn or YYYY' })
  period!: string;
  @Field()
  unitCode!: string;
}

@InputType('SupervisionScoreRefInput', IN_ASSESSMENT)
export class SupervisionScoreRefInput {
  @Field()
  period!: string;
  @Field()
  unitCode!: string;
}

@ObjectType({
  ...IN_ASSESSMENT,
  description:
    '约谈: a summons of a slow project owner or unit, and the flags and scores that caused it.',
})
export class Summons {
  @Field(() => ID)
  summonsId!: string;
  @Field(() => String, { nullable: true })
  projectId!: string | null;
  @Field({ description: 'Who was summoned (a responsible unit, lead department or region).' })
  unitCode!: string;
  @Field()
  reason!: string;
  @Field(() => [String], { description: 'The flags cited (RiskFlag.flagId).' })
  flagIds!: string[];
  @Field(() => [SupervisionScoreRef])
  scoreRefs!: SupervisionScoreRef[];
  @Field()
  heldOn!: string;
  @Field({ description: 'The id of the SummonsRecorded event.' })
  eventId!: string;
}

@InputType(IN_ASSESSMENT)
export class RecordSummonsInput {
  @Field()
  idempotencyKey!: string;
  @Field({ description: "The office's id for the summons (its file number)." })
  summonsId!: string;
  @Field(() => String, { nullable: true })
  projectId?: string | null;
  @Field()
  unitCode!: string;
  @Field()
  reason!: string;
  @Field(() => [String], {
    description: 'Flags that caused it (RiskFlag.flagId), each open on heldOn.',
  })
  flagIds!: string[];
  @Field(() => [SupervisionScoreRefInput], { nullable: true })
  scoreRefs?: SupervisionScoreRefInput[] | null;
  @Field({ description: 'YYYY-MM-DD, not after today' })
  heldOn!: string;
}

@ObjectType(IN_ASSESSMENT)
export class CircularNamedUnitView {
  @Field()
  unitCode!: string;
  @Field()
  reason!: string;
  @Field(() => [String])
  flagIds!: string[];
  @Field(() => [SupervisionScoreRef])
  scoreRefs!: SupervisionScoreRef[];
}

@InputType(IN_ASSESSMENT)
export class CircularNamedUnitInput {
  @Field()
  unitCode!: string;
  @Field()
  reason!: string;
  @Field(() => [String])
  flagIds!: string[];
  @Field(() => [SupervisionScoreRefInput], { nullable: true })
  scoreRefs?: SupervisionScoreRefInput[] | null;
}

@ObjectType({
  ...IN_ASSESSMENT,
  description: 'A figure the circular states, and the events it was counted from.',
})
export class CircularFigureView {
  @Field({
    description:
      'openRedFlags.total|network.<code>|region.<code>, score.<kind>.<unit>, rank.<kind>.<unit>, overdueReports.total|network.<code>, summonses.total',
  })
  key!: string;
  @Field({ description: 'As stated: a count, a score with two decimals, a rank.' })
  value!: string;
  @Field(() => [String])
  eventIds!: string[];
}

@ObjectType({ ...IN_ASSESSMENT, description: "通报: the month's circular, as issued." })
export class Circular {
  @Field(() => ID)
  circularId!: string;
  @Field({ description: 'YYYY-MM' })
  month!: string;
  @Field()
  issuedOn!: string;
  @Field(() => [CircularNamedUnitView])
  namedUnits!: CircularNamedUnitView[];
  @Field(() => [CircularFigureView])
  figures!: CircularFigureView[];
  @Field({ description: 'The id of the CircularIssued event.' })
  eventId!: string;
  @Field({ description: 'Its global position in the log.' })
  position!: string;
}

@Directive('@shareable')
@ObjectType('Document', {
  ...IN_ASSESSMENT,
  description: 'A file the ledger makes for people (a Word document, a workbook), in base64.',
})
export class LedgerDocument {
  @Field()
  fileName!: string;
  @Field()
  mediaType!: string;
  @Field()
  base64!: string;
}

const toSummons = (r: SummonsRow): Summons => ({
  summonsId: r.summons_id,
  projectId: r.project_id,
  unitCode: r.unit_code,
  reason: r.reason,
  flagIds: r.flag_ids,
  scoreRefs: r.score_refs,
  heldOn: r.held_on,
  eventId: r.event_id,
});

const toCircular = (r: CircularRow): Circular => ({
  circularId: r.circular_id,
  month: r.month,
  issuedOn: r.issued_on,
  namedUnits: r.named_units,
  figures: r.figures,
  eventId: r.event_id,
  position: r.position,
});

const nonEmpty = (value: string | null | undefined): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : value;

/**
 * A second circular for a month, or a summons id recorded already, answers CONFLICT; a flag or
 * score the ledger does not hold, NOT_FOUND; every other refusal as the command path answers it.
 */
async function supervisionCommand<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RuleViolation) {
      const code =
        error.rule === 'CIRCULAR_ALREADY_ISSUED' || error.rule === 'SUMMONS_ALREADY_RECORDED'
          ? 'CONFLICT'
          : error.rule === 'FLAG_NOT_FOUND' || error.rule === 'SCORE_NOT_FOUND'
            ? 'NOT_FOUND'
            : 'RULE_VIOLATED';
      throw new GraphQLError(error.message, { extensions: { code, rule: error.rule } });
    }
    throw toGraphQLError(error);
  }
}

@Resolver()
export class SupervisionResolver {
  constructor(
    private readonly writer: SupervisionWriter,
    private readonly queries: SupervisionQueries,
    private readonly readModels: AssessmentReadModels,
  ) {}

  @Mutation(() => Summons, {
    description:
      'Record a summons (约谈) held, citing the open risk flags and scores that caused it (the planning office).',
  })
  recordSummons(
    @Context() ctx: GraphQLContext,
    @Args('input', { type: () => RecordSummonsInput }) input: RecordSummonsInput,
  ): Promise<Summons> {
    return supervisionCommand(async () => {
      const actor = await requestActor(ctx);
      await this.writer.recordSummons(
        {
          summonsId: input.summonsId,
          projectId: nonEmpty(input.projectId) ?? null,
          unitCode: input.unitCode,
          reason: input.reason,
          flagIds: input.flagIds,
          scoreRefs: (input.scoreRefs ?? []).map((r) => ({
            period: r.period,
            unitCode: r.unitCode,
          })),
          heldOn: input.heldOn,
        },
        actor,
        input.idempotencyKey,
      );
      const [row] = (await this.queries.summonses({})).filter(
        (s) => s.summons_id === input.summonsId,
      );
      if (!row) throw new GraphQLError('recorded; the list shows it in a moment');
      return toSummons(row);
    });
  }

  @Mutation(() => Circular, {
    description:
      "Issue the month's circular (通报), once (a second is a CONFLICT). Without namedUnits it names every unit summoned in the month (the planning office).",
  })
  issueCircular(
    @Context() ctx: GraphQLContext,
    @Args('month', { description: 'YYYY-MM' }) month: string,
    @Args('idempotencyKey') idempotencyKey: string,
    @Args('namedUnits', { type: () => [CircularNamedUnitInput], nullable: true })
    namedUnits: CircularNamedUnitInput[] | null,
  ): Promise<Circular> {
    return supervisionCommand(async () => {
      const actor = await requestActor(ctx);
      await this.writer.issueCircular(
        parseMonth(month),
        namedUnits?.map((u) => ({
          unitCode: u.unitCode,
          reason: u.reason,
          flagIds: u.flagIds,
          scoreRefs: (u.scoreRefs ?? []).map((r) => ({ period: r.period, unitCode: r.unitCode })),
        })) ?? null,
        actor,
        idempotencyKey,
      );
      const [row] = await this.queries.circulars(month);
      if (!row) throw new GraphQLError('issued; the list shows it in a moment');
      return toCircular(row);
    });
  }

  @Query(() => [Summons], {
    description: 'Summonses, newest first; a department or region sees its own and its projects’.',
  })
  async summonses(
    @Context() ctx: GraphQLContext,
    @Args('projectId', { type: () => String, nullable: true }) projectId: string | null,
    @Args('unitCode', { type: () => String, nullable: true }) unitCode: string | null,
  ): Promise<Summons[]> {
    const principal = await requestPrincipal(ctx);
    const rows = await this.queries.summonses({
      ...(nonEmpty(projectId) ? { projectId: projectId! } : {}),
      ...(nonEmpty(unitCode) ? { unitCode: unitCode! } : {}),
    });
    return (await this.visible(principal, rows)).map(toSummons);
  }

  @Query(() => [Circular], { description: 'The circulars issued, newest month first.' })
  async circulars(
    @Args('month', { type: () => String, nullable: true, description: 'YYYY-MM' })
    month: string | null,
  ): Promise<Circular[]> {
    const m = nonEmpty(month);
    if (m) await supervisionCommand(async () => parseMonth(m));
    return (await this.queries.circulars(m ?? null)).map(toCircular);
  }

  @Query(() => LedgerDocument, {
    nullable: true,
    description:
      "The month's circular as a Word document (docx, base64): null until it is issued. Every figure has a footnote with its events.",
  })
  async circularDocument(
    @Args('month', { description: 'YYYY-MM' }) month: string,
  ): Promise<LedgerDocument | null> {
    await supervisionCommand(async () => parseMonth(month));
    const [row] = await this.queries.circulars(month);
    if (!row) return null;
    const bytes = await circularDocument({
      circularId: row.circular_id,
      month: row.month,
      issuedOn: row.issued_on,
      namedUnits: row.named_units,
      figures: row.figures,
      eventId: row.event_id,
      position: row.position,
      names: await this.queries.unitNames(),
    });
    return {
      fileName: circularFileName(month),
      mediaType: DOCX_MEDIA_TYPE,
      base64: bytes.toString('base64'),
    };
  }

  /** A scoped role sees the summonses of its own unit and of projects in its scope. */
  private async visible(principal: Principal, rows: SummonsRow[]): Promise<SummonsRow[]> {
    const scope = scopeOf(principal);
    if (scope.kind === 'all') return rows;
    const own =
      principal.role === 'lead_department'
        ? principal.department
        : principal.role === 'region'
          ? principal.region
          : null;
    const projectIds = [...new Set(rows.flatMap((r) => (r.project_id ? [r.project_id] : [])))];
    const facts = new Map((await this.readModels.factsOf(projectIds)).map((f) => [f.projectId, f]));
    return rows.filter((r) => {
      if (own !== null && r.unit_code === own) return true;
      const project = r.project_id ? facts.get(r.project_id) : undefined;
      return project !== undefined && inScope(scope, project);
    });
  }
}

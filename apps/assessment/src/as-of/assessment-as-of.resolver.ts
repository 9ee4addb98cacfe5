import { GraphQLError, GraphQLResolveInfo } from 'graphql';
import { Inject } from '@nestjs/common';
import { Args, Context, Info, Int, Query, Resolver } from '@nestjs/graphql';
import { GraphQLContext, asGraphQL } from '@ledger/api';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import {
  AsOfInput,
  AsOfReplayer,
  SqlDatabase,
  parseAsOf,
  storeFeeds,
} from '@ledger/event-sourcing';
import { CLOCK, Clock } from '@ledger/domain-kernel';
import { RiskAssessor } from '../risk/write/risk-assessor';
import {
  AssessmentResolver,
  RiskFlag,
  RiskFlagFilter,
  UnitScore,
} from '../assessment-views/assessment-views.resolver';
import { AssessmentReadModels } from '../read-models/assessment-read-models';
import { assessmentProjections } from '../assessment.projections';
import { PeriodScorer } from '../score/write/period-scorer';
import { periodRange } from '../score/domain/period';

const AS_OF_ARG = {
  type: () => AsOfInput,
  description: 'The past to rebuild the view for: recordedAt or validAt.',
};

/**
 * Risk flags and scores as of a past moment (see AsOf): the filtered log is replayed through
 * ProjectFactsProjection and AssessmentViewsProjection into a scratch schema, and the live
 * resolver's own queries and mapping answer from it. Flags and scores are events themselves,
 * so "as recorded at T" shows the flags that were open at T, however they ended.
 */
@Resolver()
export class AssessmentAsOfResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly replayer: AsOfReplayer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private async replay<T>(
    asOf: AsOfInput,
    query: (resolver: AssessmentResolver) => Promise<T>,
  ): Promise<T> {
    // The ledger's clock (LEDGER_CLOCK) bounds both questions: what is not yet recorded, and
    // what has not yet happened.
    const when = parseAsOf(asOf, this.clock.now(), this.clock.today());
    const { value } = await this.replayer.replay(
      when,
      (schema) => assessmentProjections.build(schema),
      (scratch: SqlDatabase, schema: string) => {
        const views = this.scratchViews(schema, scratch);
        // The scorer and the assessor are never called: the live resolver needs them to be built.
        const options = { readModelSchema: schema, sweepIntervalMs: 0 };
        return query(
          new AssessmentResolver(
            views,
            new PeriodScorer(this.store, this.clock, views),
            new RiskAssessor(this.store, this.clock, options, views),
          ),
        );
      },
    );
    return value;
  }

  /** Read models over the scratch schema; never started, so they only hold projections and queries. */
  private scratchViews(schema: string, db: SqlDatabase): AssessmentReadModels {
    return new AssessmentReadModels(
      this.store,
      db,
      { readModelSchema: schema, sweepIntervalMs: 0 },
      storeFeeds(this.store, db),
    );
  }

  @Query(() => [RiskFlag], {
    description: 'riskFlags(filter, first) as of a past moment or for a past date.',
  })
  riskFlagsAsOf(
    @Context() ctx: GraphQLContext,
    @Args('asOf', AS_OF_ARG) asOf: AsOfInput,
    @Args('filter', { type: () => RiskFlagFilter, nullable: true }) filter: RiskFlagFilter | null,
    @Args('first', { type: () => Int, nullable: true, description: '1-200 (50)' })
    first: number | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RiskFlag[]> {
    // Checked before the replay so a bad argument costs none; the live resolver checks again.
    const limit = first ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      throw new GraphQLError('first must be between 1 and 200', {
        extensions: { code: 'BAD_USER_INPUT', field: 'first' },
      });
    }
    return asGraphQL(async () => {
      if (filter?.period) periodRange(filter.period, 'filter.period');
      return this.replay(asOf, (resolver) => resolver.riskFlags(ctx, filter, first, info));
    });
  }

  @Query(() => [UnitScore], {
    description: 'scores(period, unitKind) as of a past moment or for a past date.',
  })
  scoresAsOf(
    @Context() ctx: GraphQLContext,
    @Args('asOf', AS_OF_ARG) asOf: AsOfInput,
    @Args('period') period: string,
    @Args('unitKind', { type: () => String, nullable: true }) unitKind: string | null,
  ): Promise<UnitScore[]> {
    return asGraphQL(async () => {
      periodRange(period);
      return this.replay(asOf, (resolver) => resolver.scores(ctx, period, unitKind));
    });
  }
}

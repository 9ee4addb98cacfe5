import { GraphQLError } from 'graphql';
import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { CLOCK, Clock } from '@ledger/domain-kernel';
import {
  AsOfInput,
  AsOfReplayer,
  SqlDatabase,
  parseAsOf,
  storeFeeds,
} from '@ledger/event-sourcing';
import { DispatchReport } from '../dispatch-report/graphql/dispatch-report.types';
import { toReport } from '../dispatch-report/graphql/dispatch-report.resolver';
import {
  IndicatorProgress,
  MonthlySummaryLine,
  ProgressLine,
  ProgressResolver,
  SeriesPoint,
} from '../progress/progress.resolver';
import { PROGRESS_DIMENSIONS, ProgressDimension } from '../progress/progress.queries';
import { reportingProjections } from '../reporting.projections';
import { ReportingReadModels } from '../read-models/reporting-read-models';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
/** Checked before the replay, so a bad month costs no replay (the live resolver checks it again). */
function checkPeriod(value: string | null | undefined, field: string): void {
  if (value !== null && value !== undefined && !PERIOD.test(value)) {
    throw new GraphQLError(`${field} must be a month as YYYY-MM`, {
      extensions: { code: 'BAD_USER_INPUT', field },
    });
  }
}

const AS_OF_ARG = {
  type: () => AsOfInput,
  description: 'The past to rebuild the view for: recordedAt or validAt.',
};

/**
 * The reporting views as of a past moment (see AsOf). Each query replays the filtered log
 * through ProjectRegisterProjection into a scratch schema (AsOfReplayer) and answers with the
 * live resolver's own code pointed at it, so a past view can never be computed differently
 * from the present one.
 */
@Resolver()
export class ReportingAsOfResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly replayer: AsOfReplayer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private async replay<T>(
    asOf: AsOfInput,
    query: (views: ReportingReadModels) => Promise<T>,
  ): Promise<T> {
    // The ledger's clock (LEDGER_CLOCK) bounds both questions: what is not yet recorded, and
    // what has not yet happened.
    const when = parseAsOf(asOf, this.clock.now(), this.clock.today());
    const { value } = await this.replayer.replay(
      when,
      (schema) => reportingProjections.build(schema),
      (scratch: SqlDatabase, schema: string) =>
        query(
          // Never started: only its query object is used, pointed at the scratch schema.
          new ReportingReadModels(
            this.store,
            scratch,
            { readModelSchema: schema, deadlineCheckIntervalMs: 0 },
            storeFeeds(this.store, scratch),
          ),
        ),
    );
    return value;
  }

  @Query(() => [ProgressLine], {
    description: 'progress(by, synthetic, through) as of a past moment or for a past date.',
  })
  progressAsOf(
    @Args('asOf', AS_OF_ARG) asOf: AsOfInput,
    @Args('by', { type: () => String, description: PROGRESS_DIMENSIONS.join(', ') }) by: string,
    @Args('synthetic', { type: () => Boolean, nullable: true }) synthetic: boolean | null,
    @Args('through', { type: () => String, nullable: true, description: 'YYYY-MM' })
    through: string | null,
  ): Promise<ProgressLine[]> {
    if (!(PROGRESS_DIMENSIONS as readonly string[]).includes(by)) {
      throw new GraphQLError(`by must be one of ${PROGRESS_DIMENSIONS.join(', ')}`, {
        extensions: { code: 'BAD_USER_INPUT', field: 'by' },
      });
    }
    checkPeriod(through, 'through');
    return this.replay(asOf, (views) =>
      new ProgressResolver(views).progress(by as ProgressDimension, synthetic, through),
    );
  }

  @Query(() => [MonthlySummaryLine], {
    description: 'monthlySummary(period) as of a past moment or for a past date.',
  })
  monthlySummaryAsOf(
    @Args('asOf', AS_OF_ARG) asOf: AsOfInput,
    @Args('period', { description: 'YYYY-MM' }) period: string,
  ): Promise<MonthlySummaryLine[]> {
    checkPeriod(period, 'period');
    return this.replay(asOf, (views) => new ProgressResolver(views).monthlySummary(period));
  }

  @Query(() => [SeriesPoint], {
    description: 'progressSeries(from, to) as of a past moment or for a past date.',
  })
  progressSeriesAsOf(
    @Args('asOf', AS_OF_ARG) asOf: AsOfInput,
    @Args('from', { description: 'YYYY-MM' }) from: string,
    @Args('to', { description: 'YYYY-MM' }) to: string,
  ): Promise<SeriesPoint[]> {
    checkPeriod(from, 'from');
    checkPeriod(to, 'to');
    return this.replay(asOf, (views) => new ProgressResolver(views).progressSeries(from, to));
  }

  @Query(() => [IndicatorProgress], {
    description: 'indicatorProgress(year) as of a past moment or for a past date.',
  })
  indicatorProgressAsOf(
    @Args('asOf', AS_OF_ARG) asOf: AsOfInput,
    @Args('year', { type: () => Int, nullable: true }) year: number | null,
  ): Promise<IndicatorProgress[]> {
    return this.replay(asOf, (views) => new ProgressResolver(views).indicatorProgress(year));
  }

  @Query(() => [DispatchReport], {
    description: "A project's dispatch reports, month by month, as of a past moment or date.",
  })
  dispatchReportsAsOf(
    @Args('asOf', AS_OF_ARG) asOf: AsOfInput,
    @Args('projectId') projectId: string,
  ): Promise<DispatchReport[]> {
    return this.replay(asOf, async (views) =>
      (await views.progress.reports(projectId)).map(toReport),
    );
  }
}

import { GraphQLError } from 'graphql';
import { Inject, Optional } from '@nestjs/common';
import { CLOCK, Clock } from '@ledger/domain-kernel';
import { ReportPeriod, lastDayOf } from '../dispatch-report/domain/report-period';
import { Args, Field, Int, ObjectType, Query, Resolver, registerEnumType } from '@nestjs/graphql';
import { PROGRESS_DIMENSIONS, ProgressDimension } from './progress.queries';
import { ReportingReadModels } from '../read-models/reporting-read-models';
import { IN_REPORTING } from '../reporting.schema';

const ProgressDimensionEnum = Object.fromEntries(PROGRESS_DIMENSIONS.map((d) => [d, d])) as Record<
  ProgressDimension,
  ProgressDimension
>;
registerEnumType(ProgressDimensionEnum, { ...IN_REPORTING, name: 'ProgressDimension' });

const YUAN = 'Yuan, exact decimal string.';

@ObjectType({
  ...IN_REPORTING,
  description: 'Investment and reporting progress of one group of projects.',
})
export class ProgressLine {
  @Field({ description: 'The network, network/category, region, responsible unit or tag.' })
  key!: string;
  @Field(() => Int)
  projects!: number;
  @Field(() => Int)
  approvedProjects!: number;
  @Field(() => Int)
  completedProjects!: number;
  @Field({ description: `Planned total investment. ${YUAN}` })
  planned!: string;
  @Field({ description: `Approved investment. ${YUAN}` })
  approved!: string;
  @Field({ description: `Disbursed so far. ${YUAN}` })
  disbursed!: string;
  @Field({ description: `Cumulative investment completed, as last reported. ${YUAN}` })
  reported!: string;
  @Field(() => Int)
  projectsWithOverdueReports!: number;
  @Field({ description: `The year's annual investment plan (0 without a year). ${YUAN}` })
  annualPlan!: string;
  @Field({ description: `Investment completed in the year through the month. ${YUAN}` })
  completedInYear!: string;
  @Field(() => String, {
    nullable: true,
    description: 'completedInYear / annualPlan in percent, two decimals; null without a plan.',
  })
  annualPlanPercent!: string | null;
  @Field({ description: 'Share of the year elapsed at the end of the month (序时进度), percent.' })
  timeElapsedPercent!: string;
}

@ObjectType(IN_REPORTING)
export class SeriesPoint {
  @Field()
  networkCode!: string;
  @Field({ description: 'YYYY-MM' })
  period!: string;
  @Field(() => Int)
  reports!: number;
  @Field({ description: YUAN })
  investmentInMonth!: string;
  @Field({ description: `Running total over the series. ${YUAN}` })
  runningTotal!: string;
}

@ObjectType({
  ...IN_REPORTING,
  description: 'A plan indicator target beside what the reports add up to.',
})
export class IndicatorProgress {
  @Field()
  code!: string;
  @Field()
  networkCode!: string;
  @Field()
  nameZh!: string;
  @Field(() => String, { nullable: true })
  unit!: string | null;
  @Field(() => String, { nullable: true })
  kind!: string | null;
  @Field(() => String, { nullable: true })
  comparator!: string | null;
  @Field()
  target!: string;
  @Field(() => Int, { nullable: true })
  year!: number | null;
  @Field({ description: 'Sum of the quantities reported against this indicator in the year.' })
  actual!: string;
}

@ObjectType({
  ...IN_REPORTING,
  description: "One network's line of the monthly summary to the provincial government.",
})
export class MonthlySummaryLine {
  @Field()
  networkCode!: string;
  @Field(() => Int)
  projectsReporting!: number;
  @Field(() => Int)
  reportsReceived!: number;
  @Field(() => Int)
  reportsLate!: number;
  @Field(() => Int)
  reportsOverdue!: number;
  @Field({ description: YUAN })
  investmentInMonth!: string;
  @Field({ description: YUAN })
  cumulativeReported!: string;
  @Field(() => Int, { description: 'Problems (要素保障) raised in the month.' })
  problemsRaised!: number;
  @Field(() => Int, { description: 'Problems closed in the month.' })
  problemsClosed!: number;
  @Field(() => Int, { description: "Problems open at the month's end (or today, if sooner)." })
  problemsOpen!: number;
  @Field(() => Int, {
    description: "Assigned problems past their due date unanswered at the month's end (or today).",
  })
  problemsOverdue!: number;
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
function period(value: string, field: string): string {
  if (!PERIOD.test(value)) {
    throw new GraphQLError(`${field} must be a month as YYYY-MM`, {
      extensions: { code: 'BAD_USER_INPUT', field },
    });
  }
  return value;
}

/** a / b in percent with two decimals, exact: amounts are decimal strings of yuan. */
/** `part / whole` in percent, truncated to hundredths toward zero, by integer arithmetic. */
export function percentOf(part: string, whole: string): string | null {
  const fen = (text: string): bigint => {
    const negative = text.startsWith('-');
    const [w, f = ''] = (negative ? text.slice(1) : text).split('.');
    const abs = BigInt(w!) * 100n + BigInt(f.padEnd(2, '0').slice(0, 2));
    return negative ? -abs : abs;
  };
  const denominator = fen(whole);
  if (denominator === 0n) return null;
  const hundredths = (fen(part) * 10_000n) / denominator;
  // BigInt's remainder keeps the sign: -5 hundredths is "-0.05", not "0.-5".
  const abs = hundredths < 0n ? -hundredths : hundredths;
  return `${hundredths < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

@Resolver()
export class ProgressResolver {
  constructor(
    private readonly readModels: ReportingReadModels,
    /** Without one (a past view), the month's problems are counted at its end. */
    @Optional() @Inject(CLOCK) private readonly clock?: Clock,
  ) {}

  @Query(() => [ProgressLine], {
    description:
      'Progress grouped by network, category, region, responsible unit or tag; with a year, against its annual plan and the time elapsed.',
  })
  async progress(
    @Args('by', { type: () => ProgressDimensionEnum }) by: ProgressDimension,
    @Args('synthetic', {
      type: () => Boolean,
      nullable: true,
      description: 'Only synthetic (true) or only real (false) projects; both when omitted.',
    })
    synthetic: boolean | null,
    @Args('through', {
      type: () => String,
      nullable: true,
      description: 'YYYY-MM: the year and the last month counted for annual progress.',
    })
    through: string | null,
  ): Promise<ProgressLine[]> {
    // Nest passes an omitted nullable argument as undefined, not null.
    const until = through === null || through === undefined ? null : period(through, 'through');
    const year = until === null ? null : Number(until.slice(0, 4));
    const month = until === null ? 12 : Number(until.slice(5, 7));
    const rows = await this.readModels.progress.progressBy(by, synthetic ?? null, year, month);
    const elapsed = until === null ? '0.00' : percentOf(String(month), '12.00')!;
    return rows.map((r) => ({
      key: r.key,
      projects: r.projects,
      approvedProjects: r.approved_projects,
      completedProjects: r.completed_projects,
      planned: r.planned,
      approved: r.approved,
      disbursed: r.disbursed,
      reported: r.reported,
      projectsWithOverdueReports: r.projects_with_overdue_reports,
      annualPlan: r.annual_plan,
      completedInYear: r.completed_in_year,
      annualPlanPercent: percentOf(r.completed_in_year, r.annual_plan),
      timeElapsedPercent: elapsed,
    }));
  }

  @Query(() => [SeriesPoint], { description: 'Month-by-month investment by network.' })
  async progressSeries(
    @Args('from', { description: 'YYYY-MM' }) from: string,
    @Args('to', { description: 'YYYY-MM' }) to: string,
  ): Promise<SeriesPoint[]> {
    const rows = await this.readModels.progress.monthlySeries(
      period(from, 'from'),
      period(to, 'to'),
    );
    return rows.map((r) => ({
      networkCode: r.network_code,
      period: r.period,
      reports: r.reports,
      investmentInMonth: r.investment_in_month,
      runningTotal: r.running_total,
    }));
  }

  @Query(() => [IndicatorProgress], {
    description: 'Plan indicator targets against reported quantities.',
  })
  async indicatorProgress(
    @Args('year', { type: () => Int, nullable: true }) year: number | null,
  ): Promise<IndicatorProgress[]> {
    const rows = await this.readModels.progress.indicators(year ?? null);
    return rows.map((r) => ({
      code: r.code,
      networkCode: r.network_code,
      nameZh: r.name_zh,
      unit: r.unit,
      kind: r.kind,
      comparator: r.comparator,
      target: r.target,
      year: r.year,
      actual: r.actual,
    }));
  }

  @Query(() => [MonthlySummaryLine], {
    description:
      "The programme's monthly summary (what the planning office sends the provincial government).",
  })
  async monthlySummary(
    @Args('period', { description: 'YYYY-MM' }) month: string,
  ): Promise<MonthlySummaryLine[]> {
    const rows = await this.readModels.progress.monthlySummary(period(month, 'period'));
    const end = lastDayOf(month as ReportPeriod);
    const today = this.clock?.today();
    const problems = await this.readModels.problems.monthCounts(
      month,
      today !== undefined && today < end ? today : end,
    );
    return rows.map((r) => ({
      problemsRaised: problems.get(r.network_code)?.raised ?? 0,
      problemsClosed: problems.get(r.network_code)?.closed ?? 0,
      problemsOpen: problems.get(r.network_code)?.open ?? 0,
      problemsOverdue: problems.get(r.network_code)?.overdue ?? 0,
      networkCode: r.network_code,
      projectsReporting: r.projects_reporting,
      reportsReceived: r.reports_received,
      reportsLate: r.reports_late,
      reportsOverdue: r.reports_overdue,
      investmentInMonth: r.investment_in_month,
      cumulativeReported: r.cumulative_reported,
    }));
  }
}

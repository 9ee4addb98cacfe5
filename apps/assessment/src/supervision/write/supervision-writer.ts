import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { CommandResult, handleCommand } from '@ledger/event-sourcing';
import {
  CLOCK,
  Clock,
  InvalidCommandError,
  RuleViolation,
  parseLocalDate,
} from '@ledger/domain-kernel';
import { CircularFigure, CircularIssued, CircularNamedUnit, ScoreRef } from '@ledger/contracts';
import { AssessmentReadModels } from '../../read-models/assessment-read-models';
import {
  SummonsState,
  parseReason,
  parseSummonsId,
  parseUnitCode,
  summonsDecider,
  summonsStreamId,
} from '../domain/summons';
import { CircularState, circularDecider, circularStreamId, parseMonth } from '../domain/circular';
import { circularFigures, lastDayOfMonth, problemFigures } from '../domain/circular-figures';
import { SupervisionQueries } from '../supervision.queries';

export interface SummonsInput {
  summonsId: string;
  projectId: string | null;
  unitCode: string;
  reason: string;
  flagIds: string[];
  scoreRefs: ScoreRef[];
  heldOn: string;
}

/** More than any programme holds: the circular counts every open red flag, not a page. */
const ALL_FLAGS = 1_000_000;

/** `command:<key>#<fingerprint>` (see the command path's causation ids) -> key. */
const keyOf = (causationId: string | null): string | null =>
  causationId?.startsWith('command:') ? causationId.slice(8, causationId.lastIndexOf('#')) : null;

/**
 * Records summonses and issues the month's circular. The deciders are pure; here the cited
 * flags and scores are looked up, and the circular's figures counted from the same read
 * models the API answers from (riskFlags, scores, and the overdue reports and problems
 * monthlySummary counts).
 */
@Injectable()
export class SupervisionWriter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: AssessmentReadModels,
    private readonly queries: SupervisionQueries,
  ) {}

  async recordSummons(
    input: SummonsInput,
    actor: string,
    idempotencyKey: string,
  ): Promise<CommandResult<SummonsState>> {
    const summonsId = parseSummonsId(input.summonsId);
    const unitCode = parseUnitCode(input.unitCode, 'unitCode');
    const reason = parseReason(input.reason, 'reason');
    const projectId = input.projectId === null || input.projectId === '' ? null : input.projectId;
    input.scoreRefs.forEach((r, i) => parseUnitCode(r.unitCode, `scoreRefs[${i}].unitCode`));
    const flags = await this.queries.citedFlags(input.flagIds);
    const scores = await this.queries.existingScores(input.scoreRefs);
    const result = await handleCommand(
      this.store,
      summonsDecider,
      summonsStreamId(summonsId),
      {
        type: 'RecordSummons',
        summonsId,
        projectId,
        unitCode,
        reason,
        flagIds: input.flagIds,
        scoreRefs: input.scoreRefs,
        heldOn: input.heldOn,
        today: this.clock.today(),
        flags: input.flagIds.map((flagId) => ({ flagId, found: flags.get(flagId) ?? null })),
        scores: input.scoreRefs.map((ref) => ({
          ref,
          found: scores.has(`${ref.period}/${ref.unitCode}`),
        })),
      },
      { actor, idempotencyKey, validAt: beijingMidnight(parseLocalDate(input.heldOn, 'heldOn')) },
      { service: 'assessment' },
    );
    await this.projected(result.position);
    return result;
  }

  /**
   * Issues the month's circular: once. The same idempotency key again is answered from the
   * first run; any other request for a month already issued is refused before anything is
   * counted. Without `namedUnits`, the circular names every unit summoned in the month, for
   * the summonses' reasons, flags and scores.
   */
  async issueCircular(
    month: string,
    namedUnits: CircularNamedUnit[] | null,
    actor: string,
    idempotencyKey: string,
  ): Promise<CommandResult<CircularState> & { figures: number }> {
    parseMonth(month);
    const streamId = circularStreamId(month);
    const [issued] = await this.store.readStream(streamId);
    if (issued !== undefined) {
      const { issuedOn, figures } = issued.data as unknown as CircularIssued['data'];
      if (keyOf(issued.metadata.causationId) === idempotencyKey) {
        return {
          streamId,
          state: { issued: { circularId: streamId, issuedOn } },
          version: issued.streamVersion,
          position: issued.globalPosition,
          replayed: true,
          figures: figures.length,
        };
      }
      throw new RuleViolation(
        'CIRCULAR_ALREADY_ISSUED',
        `the circular of ${month} was issued on ${issuedOn}: one circular per month`,
      );
    }
    await this.caughtUp();
    const summonses = await this.queries.summonses({ month });
    const named = namedUnits ?? namedFromSummonses(summonses);
    named.forEach((u, i) => {
      parseUnitCode(u.unitCode, `namedUnits[${i}].unitCode`);
      if (u.reason.trim() === '')
        throw new InvalidCommandError(`namedUnits[${i}].reason`, 'say why the unit is named');
    });
    const cited = await this.queries.citedFlags(named.flatMap((u) => u.flagIds));
    const monthEnd = `${month}-31`;
    const figures = await this.figuresOf(month, summonses);
    const issuedOn = this.clock.today();
    const result = await handleCommand(
      this.store,
      circularDecider,
      streamId,
      {
        type: 'IssueCircular',
        month,
        issuedOn,
        namedUnits: named,
        figures,
        knownFlagIds: [...cited.values()]
          .filter((f) => f.raisedOn <= monthEnd)
          .map((f) => f.flagId),
      },
      { actor, idempotencyKey, validAt: beijingMidnight(issuedOn) },
      { service: 'assessment' },
    );
    await this.projected(result.position);
    return { ...result, figures: figures.length };
  }

  /** What the circular of `month` states, counted now, each figure with its events. */
  async figuresOf(
    month: string,
    summonses?: Awaited<ReturnType<SupervisionQueries['summonses']>>,
  ): Promise<CircularFigure[]> {
    const flags = await this.readModels.flags({ severity: 'red', status: 'open' }, ALL_FLAGS);
    const scoreEvents = await this.queries.scoreEvents(month);
    const scores = (await this.readModels.scores(month, null)).flatMap((s) => {
      const eventId = scoreEvents.get(`${s.unit_kind}/${s.unit}`);
      // A score row always has its event; one missing is a read model behind: not stated.
      return eventId === undefined
        ? []
        : [{ unitKind: s.unit_kind, unit: s.unit, score: points(s.score), rank: s.rank, eventId }];
    });
    return [
      ...circularFigures({
        openRedFlags: flags.map((f) => ({
          flagId: f.flag_id,
          networkCode: f.network_code,
          regionCodes: f.region_codes,
        })),
        scores,
        overdueReports: await this.queries.overdueReports(month),
        summonses: (summonses ?? (await this.queries.summonses({ month }))).map((s) => ({
          summonsId: s.summons_id,
          eventId: s.event_id,
        })),
      }),
      ...problemFigures(month, this.problemsUntil(month), await this.queries.problems()),
    ];
  }

  /** As monthlySummary counts a month's problems: at its end, or today when that is sooner. */
  private problemsUntil(month: string): string {
    const end = lastDayOfMonth(month);
    const today = this.clock.today();
    return today < end ? today : end;
  }

  /** The read models the figures come from have everything recorded before the request. */
  private async caughtUp(): Promise<void> {
    const head = await this.store.headPosition();
    if (head === null) return;
    for (const feed of [this.readModels.facts, this.readModels.views, this.readModels.supervision])
      await feed.waitFor(head).catch(() => undefined);
  }

  private async projected(position: bigint | null): Promise<void> {
    if (position !== null)
      await this.readModels.supervision.waitFor(position).catch(() => undefined);
  }
}

/** One named unit per unit summoned in the month: its summonses' reasons, flags and scores. */
function namedFromSummonses(
  summonses: Awaited<ReturnType<SupervisionQueries['summonses']>>,
): CircularNamedUnit[] {
  const units = new Map<string, CircularNamedUnit>();
  for (const s of [...summonses].sort((a, b) =>
    a.held_on === b.held_on
      ? a.summons_id < b.summons_id
        ? -1
        : 1
      : a.held_on < b.held_on
        ? -1
        : 1,
  )) {
    const unit = units.get(s.unit_code) ?? {
      unitCode: s.unit_code,
      reason: '',
      flagIds: [],
      scoreRefs: [],
    };
    const reason = `${s.held_on} 约谈（${s.summons_id}）：${s.reason}`;
    units.set(s.unit_code, {
      unitCode: s.unit_code,
      reason: unit.reason === '' ? reason : `${unit.reason}；${reason}`,
      flagIds: [...new Set([...unit.flagIds, ...s.flag_ids])],
      scoreRefs: [
        ...unit.scoreRefs,
        ...s.score_refs.filter(
          (r) => !unit.scoreRefs.some((u) => u.period === r.period && u.unitCode === r.unitCode),
        ),
      ],
    });
  }
  return [...units.values()].sort((a, b) => (a.unitCode < b.unitCode ? -1 : 1));
}

/** The metadata's valid time: the day's start in Beijing, as the other writers record it. */
const beijingMidnight = (day: string): string => `${day}T00:00:00+08:00`;

/** Hundredths of a point as the API states them (two decimals). */
function points(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

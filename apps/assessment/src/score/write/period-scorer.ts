import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { CommandResult, handleCommand } from '@ledger/event-sourcing';
import { CLOCK, Clock } from '@ledger/domain-kernel';
import { AssessmentReadModels } from '../../read-models/assessment-read-models';
import { periodRange } from '../domain/period';
import { rubricFor } from '../domain/rubric';
import { PeriodScoresState, periodScoresDecider, scoreStreamId } from '../domain/scores';
import { scoreUnit } from '../domain/unit-score';
import { unitFigures } from './unit-figures';

/** Scores every department and region for a period from the facts, with the year's rubric. */
@Injectable()
export class PeriodScorer {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: AssessmentReadModels,
  ) {}

  async score(
    period: string,
    actor: string,
    idempotencyKey: string,
  ): Promise<CommandResult<PeriodScoresState>> {
    const range = periodRange(period);
    const rubric = rubricFor(range.year);
    const figures = unitFigures(
      await this.readModels.factsOf(null),
      await this.readModels.networkLeads(),
      await this.readModels.openRedFlags(),
      range,
    );
    const result = await handleCommand(
      this.store,
      periodScoresDecider,
      scoreStreamId(period),
      {
        type: 'RecordScores',
        period,
        rubricVersion: rubric.version,
        asOf: this.clock.today(),
        units: [...figures.entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([key, f]) => {
            const [unitKind, unit] = key.split('/') as ['department' | 'region', string];
            return { unitKind, unit, breakdown: scoreUnit(f, rubric) };
          }),
      },
      { actor, idempotencyKey },
      { service: 'assessment' },
    );
    if (result.position !== null) await this.readModels.projected(result.position);
    return result;
  }
}

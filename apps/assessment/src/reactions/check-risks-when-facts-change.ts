import { Injectable } from '@nestjs/common';
import { RecordedEvent } from '@ledger/event-store';
import { RiskAssessor } from '../risk/write/risk-assessor';

/**
 * A reaction: once a batch of planning or reporting events has changed what assessment
 * knows about some projects, check those projects' risks (and record any flag). Live events
 * only: a rebuild or catch-up replays history and must not act on it again; the start-up
 * sweep covers a check missed by a crash between a batch and its reaction.
 */
@Injectable()
export class CheckRisksWhenFactsChange {
  constructor(private readonly assessor: RiskAssessor) {}

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    const projectIds = new Set<string>();
    let triggeredAt: Date | undefined;
    for (const event of events) {
      const id = (event.data as { projectId?: unknown }).projectId;
      if (typeof id !== 'string') continue;
      projectIds.add(id);
      // The batch's oldest fact: a flag's lag is counted from the earliest event behind it.
      if (triggeredAt === undefined || event.recordedAt < triggeredAt)
        triggeredAt = event.recordedAt;
    }
    // No one reads the flags at the end of this: let the facts go on to their next batch.
    if (projectIds.size > 0) {
      await this.assessor.assess([...projectIds], { awaitViews: false, triggeredAt });
    }
  }
}

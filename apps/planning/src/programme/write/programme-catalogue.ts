import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { loadStream } from '@ledger/event-sourcing';
import { PROGRAMME_STREAM, ProgrammeState, programmeDecider } from '../domain/programme.decider';

/**
 * The programme's codes (networks, categories, regions, tags) that commands are checked
 * against, folded from the programme stream. The plan is established once, so the folded
 * state is kept after it is first seen established.
 */
@Injectable()
export class ProgrammeCatalogue {
  private established: ProgrammeState | undefined;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async current(): Promise<ProgrammeState> {
    if (this.established) return this.established;
    const { state } = await loadStream(this.store, programmeDecider, PROGRAMME_STREAM);
    if (state.established) this.established = state;
    return state;
  }
}

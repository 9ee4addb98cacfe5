import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { LedgerStatus } from './ledger-status.types';

@Resolver(() => LedgerStatus)
export class LedgerStatusResolver {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Query(() => LedgerStatus, {
    description: 'Which store is in use and the position of its newest event.',
  })
  async ledgerStatus(): Promise<LedgerStatus> {
    const head = await this.store.headPosition();
    return { adapter: this.store.adapter, headPosition: head === null ? null : head.toString() };
  }
}

import { Field, ObjectType } from '@nestjs/graphql';
import { IN_PLANNING } from '../planning.schema';

@ObjectType({
  ...IN_PLANNING,
  description: 'The event store behind this ledger and how far its log reaches.',
})
export class LedgerStatus {
  @Field({ description: 'pglite (embedded), postgres or eventstoredb' })
  adapter!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Global position of the last recorded event, as a decimal string (64-bit); null when empty.',
  })
  headPosition!: string | null;
}

import { GraphQLError } from 'graphql';
import { Directive, Field, ObjectType } from '@nestjs/graphql';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

// Every subgraph with a connection resolves its own page information.
@Directive('@shareable')
@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;
  @Field()
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true })
  startCursor!: string | null;
  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** Cursors are opaque to clients: a base64 of the keyset position, versioned by a prefix. */
export function encodeCursor(position: bigint | string): string {
  return Buffer.from(`v1:${position.toString()}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): bigint | null {
  if (cursor === null || cursor === undefined) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^v1:(\d{1,19})$/.exec(text);
  // Positions are PostgreSQL bigints: anything above 2^63-1 was never handed out.
  if (!match || BigInt(match[1]!) > 9_223_372_036_854_775_807n) {
    throw new GraphQLError('after is not a cursor this API gave out', {
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
  }
  return BigInt(match[1]!);
}

export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new GraphQLError(`first must be between 1 and ${MAX_PAGE_SIZE}`, {
      extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    });
  }
  return size;
}

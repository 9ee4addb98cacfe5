import { GraphQLError } from 'graphql';
import { InvalidCommandError, RuleViolation } from '@ledger/domain-kernel';
import {
  EventStoreClosedError,
  InvalidAppendError,
  WrongExpectedVersionError,
} from '@ledger/event-store';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from './command-errors';
import { commandNameOf, commandOutcomeOf } from './command-outcome';

describe('commandOutcomeOf', () => {
  it('counts the domain’s and the store’s refusals as rejected', () => {
    expect(commandOutcomeOf(new RuleViolation('PROJECT_ALREADY_EXISTS', 'exists'))).toBe(
      'rejected',
    );
    expect(commandOutcomeOf(new InvalidCommandError('amount', 'negative'))).toBe('rejected');
    expect(commandOutcomeOf(new IdempotencyKeyReusedError('project-a', 'k'))).toBe('rejected');
    expect(commandOutcomeOf(new InvalidAppendError('EVENT_TOO_LARGE', 'data', 'too big'))).toBe(
      'rejected',
    );
  });

  it('counts a stream that moved as a conflict', () => {
    expect(commandOutcomeOf(new ConcurrencyConflictError('project-a', 1n, 2n))).toBe('conflict');
    expect(commandOutcomeOf(new WrongExpectedVersionError('project-a', 1n, 2n))).toBe('conflict');
  });

  it('counts a database that cannot answer as unavailable, however deep the cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(commandOutcomeOf(refused)).toBe('unavailable');
    expect(commandOutcomeOf(Object.assign(new Error('terminating'), { code: '57P01' }))).toBe(
      'unavailable',
    );
    expect(commandOutcomeOf(Object.assign(new Error('lost'), { code: '08006' }))).toBe(
      'unavailable',
    );
    expect(commandOutcomeOf(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
    expect(commandOutcomeOf(new Error('the store failed', { cause: refused }))).toBe('unavailable');
    expect(commandOutcomeOf(new EventStoreClosedError())).toBe('unavailable');
    expect(
      commandOutcomeOf(new GraphQLError('down', { extensions: { code: 'UNAVAILABLE' } })),
    ).toBe('unavailable');
  });

  it('reads a refusal prepared at the edge from its GraphQL code', () => {
    expect(commandOutcomeOf(new GraphQLError('no', { extensions: { code: 'FORBIDDEN' } }))).toBe(
      'rejected',
    );
    expect(
      commandOutcomeOf(new GraphQLError('bad', { extensions: { code: 'BAD_USER_INPUT' } })),
    ).toBe('rejected');
  });

  it('counts anything else as a failure (a bug, a constraint nobody expected)', () => {
    expect(commandOutcomeOf(new TypeError('x is undefined'))).toBe('failed');
    expect(commandOutcomeOf(Object.assign(new Error('dup'), { code: '23505' }))).toBe('failed');
    expect(commandOutcomeOf('a string')).toBe('failed');
  });
});

describe('commandNameOf', () => {
  it('is the command’s type, or unknown', () => {
    expect(commandNameOf({ type: 'ProposeProject', projectId: 'a' })).toBe('ProposeProject');
    expect(commandNameOf({ projectId: 'a' })).toBe('unknown');
    expect(commandNameOf({ type: 3 })).toBe('unknown');
    expect(commandNameOf(null)).toBe('unknown');
  });
});

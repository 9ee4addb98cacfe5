import { EventStoreClosedError } from './errors';
import { isDatabaseUnavailable } from './unavailable';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset connection', withCode('ECONNRESET')],
    [
      'admin_shutdown (a restart)',
      withCode('57P01', 'terminating connection due to administrator command'),
    ],
    ['cannot_connect_now (starting up)', withCode('57P03', 'the database system is starting up')],
    ['a connection exception (class 08)', withCode('08006')],
    ['a connection cut mid-query', new Error('Connection terminated unexpectedly')],
    [
      'a client broken by an earlier cut',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    ['PGlite closed', new Error('PGlite is closed')],
    ['the store closed', new EventStoreClosedError()],
    [
      '"localhost" refused on every address',
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]),
    ],
    ['a cause that is one', new Error('append failed', { cause: withCode('57P01') })],
  ])('%s: yes', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a syntax error', withCode('42601')],
    ['a bug', new TypeError('cannot read properties of undefined')],
    ['not an error', 'ECONNREFUSED'],
    ['null', null],
  ])('%s: no', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

import { ConsoleLogger, Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { JsonLogger, LogLine } from '@ledger/observability/logging';
import { REQUEST_ERRORS } from '../graphql-http';
import { maskError } from './apollo-hardening';

describe('maskError', () => {
  it('masks a fault, whatever the table holds', () => {
    const fault = new Error('relation "events" does not exist');
    expect(
      maskError({ message: fault.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, fault),
    ).toEqual({ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it.each(Object.entries(REQUEST_ERRORS).filter(([, row]) => row.status < 500))(
    'passes %s (an answer to the client) unchanged',
    (_name, row) => {
      const error = new GraphQLError('an answer', { extensions: { code: row.code } });
      expect(maskError({ message: 'an answer', extensions: { code: row.code } }, error)).toEqual({
        message: 'an answer',
        extensions: { code: row.code },
      });
    },
  );

  it("names Apollo's refusals as the table does", () => {
    const refusal = (status: number) =>
      new GraphQLError('refused', { extensions: { code: 'BAD_REQUEST', http: { status } } });
    const code = (status: number) =>
      maskError({ message: 'refused', extensions: { code: 'BAD_REQUEST' } }, refusal(status))
        .extensions?.code;
    expect([code(400), code(405), code(406), code(415)]).toEqual([
      'BAD_REQUEST',
      'METHOD_NOT_ALLOWED',
      'NOT_ACCEPTABLE',
      'UNSUPPORTED_MEDIA_TYPE',
    ]);
  });
});

describe('what maskError logs', () => {
  const lines: LogLine[] = [];
  beforeAll(() => {
    Logger.overrideLogger(
      new JsonLogger('test', 'debug', (line) => {
        lines.push(JSON.parse(line) as LogLine);
      }),
    );
  });
  afterAll(() => {
    Logger.overrideLogger(new ConsoleLogger());
  });
  beforeEach(() => {
    lines.splice(0);
  });

  it('a subgraph that refused the body as too large (413): one WARN line, no stack', () => {
    // As RemoteGraphQLDataSource turns the subgraph's 413 into an error: no code, the answer kept.
    const error = new GraphQLError('413: Payload Too Large', {
      extensions: {
        response: {
          status: 413,
          body: { errors: [{ message: 'over', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] },
        },
      },
    });
    maskError({ message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', code: 'PAYLOAD_TOO_LARGE', outcome: 'rejected' }),
    ]);
    expect(lines[0]!.stack).toBeUndefined();
  });

  it("a client's error: one WARN line; passed on from a subgraph: only at DEBUG", () => {
    const rule = new GraphQLError('no such project', { extensions: { code: 'NOT_FOUND' } });
    maskError({ message: rule.message, extensions: { code: 'NOT_FOUND' } }, rule);
    maskError(
      { message: rule.message, extensions: { code: 'NOT_FOUND', serviceName: 'planning' } },
      rule,
    );
    expect(lines.map((l) => [l.level, l.code])).toEqual([
      ['warn', 'NOT_FOUND'],
      ['debug', 'NOT_FOUND'],
    ]);
  });

  it('a fault: one ERROR line with its stack', () => {
    const fault = new Error('relation "events" does not exist');
    maskError({ message: fault.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, fault);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', code: 'INTERNAL_SERVER_ERROR' });
    expect(lines[0]!.stack).toContain('relation "events" does not exist');
  });
});

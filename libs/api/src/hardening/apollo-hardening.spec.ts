import { GraphQLError } from 'graphql';
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

import { JsonLogger, LogLine } from './json-logger';
import { LogLevelSettingError, logLevelFromEnv } from './log-level';
import { runInRequest } from './request-context';
import { redact } from './redact';

function capture(level: 'error' | 'warn' | 'info' | 'debug' = 'debug') {
  const lines: LogLine[] = [];
  const logger = new JsonLogger('planning', level, (text) => {
    expect(text.endsWith('\n')).toBe(true);
    lines.push(JSON.parse(text) as LogLine);
  });
  return { logger, lines };
}

describe('JsonLogger', () => {
  it('writes one JSON line with the service, the context and the request it belongs to', () => {
    const { logger, lines } = capture();
    runInRequest(
      { correlationId: 'req-1', operation: 'mutation proposeProject', actor: 'a:b' },
      () =>
        logger.log(
          { msg: 'ProposeProject accepted', outcome: 'accepted', command: 'ProposeProject' },
          'Command',
        ),
    );
    expect(lines).toEqual([
      {
        time: expect.any(String) as string,
        level: 'info',
        service: 'planning',
        context: 'Command',
        msg: 'ProposeProject accepted',
        correlationId: 'req-1',
        operation: 'mutation proposeProject',
        actor: 'a:b',
        outcome: 'accepted',
        command: 'ProposeProject',
      },
    ]);
  });

  it('keeps a stack on errors only, in Nest’s error(message, stack, context) convention', () => {
    const { logger, lines } = capture();
    const fault = new Error('boom');
    logger.error('a fault', fault.stack, 'GraphQL');
    logger.warn({ msg: 'PAYLOAD_TOO_LARGE: over the limit', code: 'PAYLOAD_TOO_LARGE' }, 'GraphQL');
    logger.error(fault);
    expect(lines[0]).toMatchObject({ level: 'error', context: 'GraphQL', msg: 'a fault' });
    expect(lines[0]!.stack).toContain('\n    at ');
    expect(lines[1]).toMatchObject({ level: 'warn', code: 'PAYLOAD_TOO_LARGE' });
    expect(lines[1]!.stack).toBeUndefined();
    expect(lines[2]).toMatchObject({ level: 'error', msg: 'boom' });
    expect(lines[2]!.stack).toContain('boom');
  });

  it('writes nothing below its level', () => {
    const { logger, lines } = capture('warn');
    logger.log('started');
    logger.debug('detail');
    logger.verbose('more detail');
    logger.warn('careful');
    expect(lines.map((l) => l.level)).toEqual(['warn']);
  });

  it('masks what would leak a secret', () => {
    const { logger, lines } = capture();
    logger.error('connect failed: postgres://ledger:s3cret@db:5432/ledger', undefined, 'Store');
    logger.warn('got Authorization: Bearer abc.def.ghi');
    logger.log('token eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl');
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/s3cret|abc\.def\.ghi|eyJhbGciOiJFUzI1NiJ9/);
    expect(lines[0]!.msg).toBe('connect failed: postgres://ledger:***@db:5432/ledger');
    expect(redact('nothing to hide')).toBe('nothing to hide');
  });
});

describe('LOG_LEVEL', () => {
  it('is info unless set, one of four levels, and refused with its reason otherwise', () => {
    expect(logLevelFromEnv({})).toBe('info');
    expect(logLevelFromEnv({ LOG_LEVEL: 'WARN' })).toBe('warn');
    expect(() => logLevelFromEnv({ LOG_LEVEL: 'trace' })).toThrow(LogLevelSettingError);
    expect(() => logLevelFromEnv({ LOG_LEVEL: 'trace' })).toThrow(
      'LOG_LEVEL: "trace" is not a level; use one of error, warn, info, debug (default info)',
    );
  });
});

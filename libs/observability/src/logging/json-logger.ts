import { inspect } from 'node:util';
import type { LoggerService } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { tracingIsOn } from '../tracing/spans';
import { LogLevel, logLevelFromEnv, writes } from './log-level';
import { currentRequest } from './request-context';
import { redact } from './redact';

/** A structured log call: the message and the fields an operator filters on. */
export interface LogRecord {
  msg: string;
  outcome?: string;
  [field: string]: string | number | boolean | null | undefined;
}

/** One line on stdout, as JSON. */
export interface LogLine {
  time: string;
  level: LogLevel;
  service: string;
  context?: string;
  msg: string;
  correlationId?: string;
  operation?: string;
  actor?: string;
  outcome?: string;
  traceId?: string;
  spanId?: string;
  stack?: string;
  [field: string]: string | number | boolean | null | undefined;
}

const STACK = /\n\s+at /;

/**
 * Lines wait for the end of the event loop's turn and go out in one write. stdout to a pipe
 * is synchronous on Linux: a write per line cost ~1 ms of the server's CPU per command in
 * `npm run bench:planning` (disbursements at the most 194/s against 274/s without the
 * lines). An error goes out at once, with what waited before it, and nothing waits past exit.
 */
const pending: string[] = [];
let scheduled = false;
let flushesAtExit = false;
function flushLines(): void {
  scheduled = false;
  if (pending.length === 0) return;
  const chunk = pending.join('');
  pending.length = 0;
  process.stdout.write(chunk);
}
function writeToStdout(line: string, now: boolean): void {
  pending.push(line);
  if (!flushesAtExit) {
    flushesAtExit = true;
    process.once('exit', flushLines);
  }
  if (now) flushLines();
  else if (!scheduled) {
    scheduled = true;
    setImmediate(flushLines);
  }
}

/**
 * Nest's LoggerService writing JSON lines to stdout: every process of the ledger logs
 * through it (NestFactory.create({ logger }), and the relay's Logger). A line carries the
 * request it belongs to (correlation id, operation, actor) from the request context, and
 * the trace id while tracing is on, so a line leads to its trace and back.
 */
export class JsonLogger implements LoggerService {
  constructor(
    readonly service: string,
    private level: LogLevel = logLevelFromEnv(),
    private readonly write: (line: string, level: LogLevel) => void = (line, level) =>
      writeToStdout(line, level === 'error'),
  ) {}

  /** Nest's levels (setLogLevels) mapped onto ours: the least severe one given wins. */
  setLogLevels(levels: string[]): void {
    if (levels.includes('debug') || levels.includes('verbose')) this.level = 'debug';
    else if (levels.includes('log')) this.level = 'info';
    else if (levels.includes('warn')) this.level = 'warn';
    else this.level = 'error';
  }

  isWritten(level: LogLevel): boolean {
    return writes(this.level, level);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.emit('info', message, params, false);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.emit('warn', message, params, false);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.emit('debug', message, params, false);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.emit('debug', message, params, false);
  }

  /** Nest's convention: error(message, stack?, context?). */
  error(message: unknown, ...params: unknown[]): void {
    this.emit('error', message, params, true);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.emit('error', message, params, true);
  }

  private emit(level: LogLevel, message: unknown, params: unknown[], mayHaveStack: boolean): void {
    if (!writes(this.level, level)) return;
    const given = params.filter((p) => p !== undefined);
    let context: string | undefined;
    let stack: string | undefined;
    if (given.length > 0 && typeof given[given.length - 1] === 'string') {
      const last = given[given.length - 1] as string;
      // A lone string after an error's message is its stack when it reads like one.
      if (mayHaveStack && given.length === 1 && STACK.test(last)) stack = last;
      else context = last;
    }
    if (mayHaveStack && given.length >= 2 && typeof given[0] === 'string') stack = given[0];
    const request = currentRequest();
    const line: LogLine = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      ...(context ? { context } : {}),
      msg: '',
      ...(request?.correlationId ? { correlationId: request.correlationId } : {}),
      ...(request?.operation ? { operation: request.operation } : {}),
      ...(request?.actor ? { actor: request.actor } : {}),
    };
    if (message instanceof Error) {
      line.msg = message.message;
      if (mayHaveStack) stack ??= message.stack;
    } else if (isRecord(message)) {
      Object.assign(line, message);
    } else {
      line.msg = typeof message === 'string' ? message : describe(message);
    }
    if (tracingIsOn()) {
      const span = trace.getActiveSpan()?.spanContext();
      if (span) {
        line.traceId = span.traceId;
        line.spanId = span.spanId;
      }
    }
    // Only errors carry a stack: a client's mistake is one line, not a trace of our code.
    if (level === 'error' && stack) line.stack = stack;
    this.write(`${redact(JSON.stringify(line))}\n`, level);
  }
}

/** Something other than text logged as a message: as JSON where it has a JSON form. */
function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    return JSON.stringify(value) ?? inspect(value);
  } catch {
    return inspect(value);
  }
}

function isRecord(value: unknown): value is LogRecord {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { msg?: unknown }).msg === 'string'
  );
}

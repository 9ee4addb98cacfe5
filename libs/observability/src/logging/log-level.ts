import type { LogLevel as NestLogLevel } from '@nestjs/common';

/** LOG_LEVEL: the least severe line a process writes. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class LogLevelSettingError extends Error {
  constructor(value: string) {
    super(
      `LOG_LEVEL: "${value}" is not a level; use one of ${LOG_LEVELS.join(', ')} (default info)`,
    );
    this.name = 'LogLevelSettingError';
  }
}

export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const value = env.LOG_LEVEL?.trim().toLowerCase();
  if (value === undefined || value === '') return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(value))
    throw new LogLevelSettingError(env.LOG_LEVEL!);
  return value as LogLevel;
}

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** Whether a line at `line` is written when the process logs from `threshold` up. */
export function writes(threshold: LogLevel, line: LogLevel): boolean {
  return RANK[line] <= RANK[threshold];
}

/** Nest's own names for the levels a threshold lets through (its `log` is our info). */
export function nestLevelsFor(threshold: LogLevel): NestLogLevel[] {
  const levels: NestLogLevel[] = ['fatal', 'error'];
  if (writes(threshold, 'warn')) levels.push('warn');
  if (writes(threshold, 'info')) levels.push('log');
  if (writes(threshold, 'debug')) levels.push('debug', 'verbose');
  return levels;
}

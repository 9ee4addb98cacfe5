export * from './json-logger';
export * from './log-level';
export * from './request-context';
export * from './redact';
export * from './command-log';
export * from './kafka-log';

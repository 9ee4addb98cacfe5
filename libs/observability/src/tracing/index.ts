export * from './spans';
export * from './start-tracing';
export * from './tracing-settings';
export * from './process-name';
export * from './tracing-shutdown';

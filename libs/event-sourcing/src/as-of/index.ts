export * from './as-of-replay';
export * from './as-of-input';
export * from './as-of.module';
export * from './event-log';

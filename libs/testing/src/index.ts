export * from './postgres-availability';
export * from './recorded-events';
export * from './wait-until';
export * from './decider-specification';

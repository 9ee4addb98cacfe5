export * from './postgres-availability';
export * from './recorded-events';

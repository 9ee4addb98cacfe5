export * from './postgres-availability';

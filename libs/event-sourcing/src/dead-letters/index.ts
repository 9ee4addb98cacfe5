export * from './dead-letter-table';
export * from './dead-letter-operations';
export * from './poison-event';

export * from './command/command-errors';
export * from './command/fingerprint';
export * from './command/handle-command';
export * from './projection/projection';
export * from './projection/projection-runner';
export * from './sql/sql-database';
export * from './nest/read-model.module';
export * from './command/stream-cache';

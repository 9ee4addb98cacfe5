export * from './port/errors';
export * from './port/event-store';
export * from './port/events';
export * from './port/expected-version';
export * from './port/ids';
export * from './port/json';
export * from './port/subscription';
export * from './port/recording-clock';
export { isDatabaseUnavailable } from './port/unavailable';
export { DEFAULT_MAX_EVENT_BYTES, validateStreamId } from './validation/validate-append';
export { uuidV7, isUuid } from './validation/uuid-v7';
export { PgliteEventStore } from './adapters/pglite/pglite-event-store';
export type { PgliteEventStoreOptions } from './adapters/pglite/pglite-event-store';
export { PostgresEventStore } from './adapters/postgres/postgres-event-store';
export type { PostgresEventStoreOptions } from './adapters/postgres/postgres-event-store';
export { openEmbeddedPostgresEventStore } from './adapters/embedded-postgres/embedded-postgres-event-store';
export type { EmbeddedPostgresEventStoreOptions } from './adapters/embedded-postgres/embedded-postgres-event-store';
export {
  EmbeddedPostgresServer,
  dataDirLayout,
} from './adapters/embedded-postgres/embedded-postgres-server';
export type {
  DataDirLayout,
  EmbeddedPostgresOptions,
} from './adapters/embedded-postgres/embedded-postgres-server';
export { DataDirInUseError } from './adapters/embedded-postgres/data-dir-lock';
export { EventStoreDbEventStore } from './adapters/eventstoredb/eventstoredb-event-store';
export type { EventStoreDbEventStoreOptions } from './adapters/eventstoredb/eventstoredb-event-store';
export {
  EventStoreModule,
  EVENT_STORE,
  RAW_EVENT_STORE,
  openEventStore,
} from './nest/event-store.module';
export type { EventStoreModuleOptions } from './nest/event-store.module';
export { EMBEDDED_DEFAULT, eventStoreConfigFromEnv } from './nest/event-store.config';
export type { EventStoreConfig } from './nest/event-store.config';
export { quoteIdentifier } from './sql/sql-client';
export { canonicalJson } from './chain/canonical-json';
export {
  GENESIS_HASH,
  contentHash,
  expectedHash,
  linkDocument,
  linkHash,
} from './chain/hash-chain';
export type { ChainContent } from './chain/hash-chain';
export { verifyChain } from './chain/verify-chain';
export type {
  ChainAnchor,
  ChainBreak,
  ChainBreakReason,
  ChainProgress,
  ChainScope,
  ChainVerification,
  VerifyChainOptions,
} from './chain/verify-chain';
export {
  UpcastingEventStore,
  rawStore,
  versioningOf,
  withVersioning,
} from './versioning/upcasting-event-store';
export type { EventVersioning } from './versioning/upcasting-event-store';

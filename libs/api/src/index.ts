export * from './graphql-errors';
export * from './relay';
export * from './request-actor';
export * from './graphql-error.filter';
export * from './hardening/query-limits';
export * from './hardening/apollo-hardening';
export * from './subgraph-graphql';
export * from './body-limits';

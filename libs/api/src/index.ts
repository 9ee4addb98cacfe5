export * from './graphql-errors';
export * from './relay';
export * from './request-actor';
export * from './graphql-error.filter';

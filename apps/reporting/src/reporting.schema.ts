/**
 * Marks the GraphQL types of the reporting subgraph (`registerIn`). Its schema is built from
 * these and its own resolvers only: in standalone mode the process holds every service's
 * types, and another service's `Project` (the same entity, other fields) must not leak in.
 */
export class ReportingSchema {}

/** Decorator options that place a type in the reporting subgraph alone. */
export const IN_REPORTING = { registerIn: ReportingSchema } as const;

/**
 * Marks the GraphQL types of the assessment subgraph (`registerIn`). Its schema is built from
 * these and its own resolvers only: in standalone mode the process holds every service's
 * types, and another service's `Project` (the same entity, other fields) must not leak in.
 */
export class AssessmentSchema {}

/** Decorator options that place a type in the assessment subgraph alone. */
export const IN_ASSESSMENT = { registerIn: AssessmentSchema } as const;

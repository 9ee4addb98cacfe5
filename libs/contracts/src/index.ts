/**
 * The published language: every service's event types, their versions, schemas and
 * topics. Services import each other only through here; this library imports no app.
 */
export * from './planning';
export * from './reporting';
export * from './assessment';
export * from './operations';
export * from './services';
export * from './event-validator';
export * from './tolerant-reader';
export * from './versioning';
export { namedProjectFunding } from './planning/named-project-reference';
export type { NamedProjectFunding } from './planning/named-project-reference';

/**
 * Open data: the project library as OC4IDS 0.9.5 (Open Contracting for Infrastructure Data
 * Standard). Pure functions for an adapter (a GraphQL field, an HTTP download, the
 * `npm run export:oc4ids` script) to call with events it has read.
 */
export * from './oc4ids.types';
export * from './oc4ids-money';
export * from './oc4ids-project';
export * from './oc4ids-package';
export * from './programme-reference';

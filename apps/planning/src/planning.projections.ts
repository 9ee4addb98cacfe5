import { serviceProjections } from '@ledger/event-sourcing';
import { ProgrammeProjection } from './programme/projection/programme.projection';
import { ProjectLibraryProjection } from './project/projection/project-library.projection';

/** Planning's read models: the one list (see ServiceProjections). */
export const planningProjections = serviceProjections('planning', (schema) => [
  new ProgrammeProjection(schema),
  new ProjectLibraryProjection(schema),
]);

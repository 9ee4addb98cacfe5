import { serviceProjections } from '@ledger/event-sourcing';
import { ProgrammeProjection } from './programme-catalogue/programme-catalogue.projection';
import { ProjectLibraryProjection } from './project-library/project-library.projection';
import { PreConstructionApprovalsProjection } from './project/pre-construction-approval/pre-construction-approvals.projection';
import { ProjectStagesProjection } from './project-stages/project-stages.projection';
import { AdministrativeUnitsProjection } from './administrative-units/administrative-units.projection';

/** Planning's read models: the one list (see ServiceProjections). */
export const planningProjections = serviceProjections('planning', (schema) => [
  new ProgrammeProjection(schema),
  new ProjectLibraryProjection(schema),
  new PreConstructionApprovalsProjection(schema),
  new ProjectStagesProjection(schema),
  new AdministrativeUnitsProjection(schema),
]);

import { serviceProjections } from '@ledger/event-sourcing';
import { AssessmentViewsProjection } from './assessment-views/assessment-views.projection';
import { ProjectFactsProjection } from './project-facts/project-facts.projection';
import { SupervisionProjection } from './supervision/supervision.projection';

/** Assessment's read models, facts before the views: the one list (see ServiceProjections). */
export const assessmentProjections = serviceProjections('assessment', (schema) => [
  new ProjectFactsProjection(schema),
  new AssessmentViewsProjection(schema),
  new SupervisionProjection(schema),
]);

import { serviceProjections } from '@ledger/event-sourcing';
import { AssessmentViewsProjection } from './read-models/assessment-views.projection';
import { ProjectFactsProjection } from './read-models/project-facts.projection';

/** Assessment's read models, facts before the views: the one list (see ServiceProjections). */
export const assessmentProjections = serviceProjections('assessment', (schema) => [
  new ProjectFactsProjection(schema),
  new AssessmentViewsProjection(schema),
]);

import { serviceProjections } from '@ledger/event-sourcing';
import { ProjectRegisterProjection } from './progress/project-register.projection';
import { ProblemRegisterProjection } from './problem-register/problem-register.projection';
import { NetworkReportsProjection } from './network-report/read-model/network-reports.projection';

/** Reporting's read models: the one list (see ServiceProjections). */
export const reportingProjections = serviceProjections('reporting', (schema) => [
  new ProjectRegisterProjection(schema),
  new ProblemRegisterProjection(schema),
  new NetworkReportsProjection(schema),
]);

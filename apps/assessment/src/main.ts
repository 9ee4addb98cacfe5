import { serveSubgraph } from '@ledger/api/subgraph-host';
import { AssessmentModule, ASSESSMENT_SCHEMA } from './assessment.module';
import { assessmentOptionsFromEnv } from './assessment.options';

/** Distributed mode: the assessment service alone (PORT, default 4003). */
void serveSubgraph(
  'assessment',
  (clock) => AssessmentModule.forRoot(assessmentOptionsFromEnv(), clock),
  ASSESSMENT_SCHEMA,
  4003,
);

import { serveSubgraph } from '@ledger/api/subgraph-host';
import { ledgerClockFromEnv } from '@ledger/domain-kernel';
import { AssessmentModule, ASSESSMENT_SCHEMA } from './assessment.module';
import { assessmentOptionsFromEnv } from './assessment.options';

/** Distributed mode: the assessment service alone (PORT, default 4003). */
void serveSubgraph(
  'assessment',
  AssessmentModule.forRoot(assessmentOptionsFromEnv(), ledgerClockFromEnv(process.env)),
  ASSESSMENT_SCHEMA,
  4003,
);

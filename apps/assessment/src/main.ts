// First: tracing (when on) must hook http, pg, kafkajs and graphql before anything loads them.
import '@ledger/observability/tracing/register';
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

// First: tracing (when on) must hook http, pg, kafkajs and graphql before anything loads them.
import '@ledger/observability/tracing/register';
import { serveSubgraph } from '@ledger/api/subgraph-host';
import { ReportingModule, REPORTING_SCHEMA } from './reporting.module';
import { reportingOptionsFromEnv } from './reporting.options';

/** Distributed mode: the reporting service alone (PORT, default 4002). */
void serveSubgraph(
  'reporting',
  (clock) => ReportingModule.forRoot(reportingOptionsFromEnv(), clock),
  REPORTING_SCHEMA,
  4002,
);

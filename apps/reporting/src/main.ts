import { serveSubgraph } from '@ledger/api/subgraph-host';
import { ledgerClockFromEnv } from '@ledger/domain-kernel';
import { ReportingModule, REPORTING_SCHEMA } from './reporting.module';
import { reportingOptionsFromEnv } from './reporting.options';

/** Distributed mode: the reporting service alone (PORT, default 4002). */
void serveSubgraph(
  'reporting',
  ReportingModule.forRoot(reportingOptionsFromEnv(), ledgerClockFromEnv(process.env)),
  REPORTING_SCHEMA,
  4002,
);

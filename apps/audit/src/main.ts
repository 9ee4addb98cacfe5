// First: tracing (when on) must hook http, pg, kafkajs and graphql before anything loads them.
import '@ledger/observability/tracing/register';
import { serveSubgraph } from '@ledger/api/subgraph-host';
import { AuditModule, AUDIT_SCHEMA } from './audit.module';

/** Distributed mode: the auditors' history service alone (PORT, default 4004). */
void serveSubgraph('audit', () => ({ module: AuditModule }), AUDIT_SCHEMA, 4004);

import { serveSubgraph } from '@ledger/api/subgraph-host';
import { AuditModule } from './audit.module';

/** Distributed mode: the auditors' history service alone (PORT, default 4004). */
void serveSubgraph('audit', { module: AuditModule }, 4004);

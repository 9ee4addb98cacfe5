import { Module } from '@nestjs/common';
import { HistoryResolver } from './history/history.resolver';
import { AuditProjectResolver } from './entities/project-timeline.resolver';
import { SubgraphSchema } from '@ledger/api';
import { AuditSchema } from './audit.schema';
import { AuditProject } from './entities/project-timeline.resolver';

/**
 * Auditors' history queries over GraphQL. Needs EVENT_STORE and EVENT_LOG (AsOfModule) from
 * its host; it keeps no read model of its own: the log is the record.
 */
/** The audit subgraph's schema: its types, and the entities it adds fields to. */
export const AUDIT_SCHEMA: SubgraphSchema = {
  registeredIn: AuditSchema,
  entities: [AuditProject],
};

@Module({ providers: [HistoryResolver, AuditProjectResolver] })
export class AuditModule {}

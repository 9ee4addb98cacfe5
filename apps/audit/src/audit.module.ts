import { Module } from '@nestjs/common';
import { HistoryResolver } from './history.graphql';

/**
 * Auditors' history queries over GraphQL. Needs EVENT_STORE and EVENT_LOG (AsOfModule) from
 * its host; it keeps no read model of its own: the log is the record.
 */
@Module({ providers: [HistoryResolver] })
export class AuditModule {}

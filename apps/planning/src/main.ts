// First: tracing (when on) must hook http, pg, kafkajs and graphql before anything loads them.
import '@ledger/observability/tracing/register';
import { serveSubgraph } from '@ledger/api/subgraph-host';
import { PlanningModule, PLANNING_SCHEMA } from './planning.module';
import { planningOptionsFromEnv } from './planning.options';

/** Distributed mode: the planning service alone (PORT, default 4001). */
void serveSubgraph(
  'planning',
  () => PlanningModule.forRoot(planningOptionsFromEnv()),
  PLANNING_SCHEMA,
  4001,
);

import { RecordedEvent } from '@ledger/event-store';
import {
  EventPrerequisite,
  Projection,
  SqlExecutor,
  entityPrerequisite,
  quoteIdentifier,
} from '@ledger/event-sourcing';
import { NetworkDefined, PROJECT_INTRODUCED_BY } from '@ledger/contracts';
import { FactsEvent, ProjectFacts, evolveFacts, factsReader } from '../risk/domain/project-facts';

/**
 * Assessment's facts per project (folded in memory per batch, stored as JSON), and which
 * department leads each network (the unit a project's score counts for).
 */
export class ProjectFactsProjection implements Projection {
  readonly name = 'assessment.project-facts';
  /** 2: a report's facts say whether it came in late (timeliness counts it as in, and late). */
  /** 3: the construction nature and the pre-construction approvals recorded (not-started names the missing one). */
  readonly version = 3;

  readonly prerequisite: EventPrerequisite;

  constructor(readonly schema: string) {
    this.prerequisite = entityPrerequisite({
      keyField: 'projectId',
      introducedBy: PROJECT_INTRODUCED_BY,
      table: this.table('project_facts'),
      column: 'project_id',
    });
  }

  private table(name: string): string {
    return `${quoteIdentifier(this.schema)}.${name}`;
  }

  async setup(tx: SqlExecutor): Promise<void> {
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${this.table('project_facts')} (project_id text PRIMARY KEY, facts jsonb NOT NULL)`,
    );
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${this.table('network_leads')} (network_code text PRIMARY KEY, lead_department text NOT NULL)`,
    );
  }

  async teardown(tx: SqlExecutor): Promise<void> {
    await tx.query(`DROP TABLE IF EXISTS ${this.table('project_facts')}`);
    await tx.query(`DROP TABLE IF EXISTS ${this.table('network_leads')}`);
  }

  handles(eventType: string): boolean {
    return eventType === 'NetworkDefined' || factsReader.reads(eventType);
  }

  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    return this.applyBatch(tx, [event]);
  }

  async applyBatch(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    const networks = events.filter((e) => e.type === 'NetworkDefined');
    for (const e of networks) {
      const d = e.data as unknown as NetworkDefined['data'];
      await tx.query(
        `INSERT INTO ${this.table('network_leads')} VALUES ($1, $2)
         ON CONFLICT (network_code) DO UPDATE SET lead_department = EXCLUDED.lead_department`,
        [d.code, d.leadDepartment],
      );
    }
    const factsEvents = events.filter((e) => e.type !== 'NetworkDefined');
    if (factsEvents.length === 0) return;
    const ids = [...new Set(factsEvents.map((e) => (e.data as { projectId: string }).projectId))];
    const rows = await tx.query<{ project_id: string; facts: ProjectFacts }>(
      `SELECT project_id, facts FROM ${this.table('project_facts')} WHERE project_id = ANY ($1::text[])`,
      [ids],
    );
    const facts = new Map<string, ProjectFacts | undefined>(
      rows.map((r) => [r.project_id, r.facts]),
    );
    for (const e of factsEvents) {
      const event = { type: e.type, data: e.data } as FactsEvent;
      facts.set(
        event.data.projectId,
        evolveFacts(facts.get(event.data.projectId), event, e.eventId),
      );
    }
    const changed = [...facts.values()].filter((f): f is ProjectFacts => f !== undefined);
    await tx.query(
      `INSERT INTO ${this.table('project_facts')} (project_id, facts)
       SELECT x->>'projectId', x FROM jsonb_array_elements($1::jsonb) AS x
       ON CONFLICT (project_id) DO UPDATE SET facts = EXCLUDED.facts`,
      [JSON.stringify(changed)],
    );
  }
}

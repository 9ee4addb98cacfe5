import { RecordedEvent } from '@ledger/event-store';
import { EventPrerequisite, SqlExecutor } from '@ledger/event-sourcing';

/**
 * For read models of other services fed from Kafka: an event about a project (a plan
 * change, a disbursement, a dispatch report) needs the project's first event, which travels
 * on the planning topic and may arrive later than a report on the reporting topic.
 */
export function projectPrerequisite(projectTable: string): EventPrerequisite {
  return {
    keyOf(event: RecordedEvent): string | null {
      const id = (event.data as { projectId?: unknown }).projectId;
      return typeof id === 'string' ? id : null;
    },
    introduces(event: RecordedEvent): boolean {
      return event.type === 'ProjectProposed' || event.type === 'ProjectListedInPlan';
    },
    async knows(tx: SqlExecutor, key: string): Promise<boolean> {
      const rows = await tx.query(`SELECT 1 FROM ${projectTable} WHERE project_id = $1`, [key]);
      return rows.length > 0;
    },
  };
}

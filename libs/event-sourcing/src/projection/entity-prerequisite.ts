import { RecordedEvent } from '@ledger/event-store';
import { EventPrerequisite } from './projection';
import { SqlExecutor } from '../sql/sql-database';

export interface EntityPrerequisiteOptions {
  /** The field of an event's data naming the entity it is about, e.g. `projectId`. */
  keyField: string;
  /** The event types that bring the entity into being (the owner's published contract). */
  introducedBy: readonly string[];
  /** The read model's table of known entities, and its key column. */
  table: string;
  column: string;
}

/**
 * For a read model fed from Kafka: an event about an entity owned by another service needs
 * the entity's first event, which travels on the owner's topic and may arrive later.
 */
export function entityPrerequisite(options: EntityPrerequisiteOptions): EventPrerequisite {
  const introducing = new Set(options.introducedBy);
  return {
    keyOf(event: RecordedEvent): string | null {
      const key = (event.data as Record<string, unknown>)[options.keyField];
      return typeof key === 'string' ? key : null;
    },
    introduces(event: RecordedEvent): boolean {
      return introducing.has(event.type);
    },
    async knows(tx: SqlExecutor, key: string): Promise<boolean> {
      const rows = await tx.query(`SELECT 1 FROM ${options.table} WHERE ${options.column} = $1`, [
        key,
      ]);
      return rows.length > 0;
    },
  };
}

import { RecordedEvent } from '@ledger/event-store';
import { Projection, SqlExecutor, quoteIdentifier } from '@ledger/event-sourcing';
import { assertNever } from '@ledger/domain-kernel';
import { PROGRAMME_EVENT_TYPES, ProgrammeEvent } from '../programme/domain/programme.events';

/**
 * The plan's reference data: programme, departments, regions, networks, categories,
 * budgets, targets and the document's own discrepancies. Each row keeps the event's data
 * whole (with its source lines) beside the columns queries filter on.
 */
export class ProgrammeProjection implements Projection {
  readonly name = 'planning.programme';
  readonly version = 1;

  constructor(readonly schema: string) {}

  table(name: string): string {
    return `${quoteIdentifier(this.schema)}.${name}`;
  }

  async setup(tx: SqlExecutor): Promise<void> {
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)}`);
    const keyed = (name: string, key: string): Promise<unknown> =>
      tx.query(`CREATE TABLE IF NOT EXISTS ${this.table(name)} (
        ${key}, position bigint NOT NULL, data jsonb NOT NULL)`);
    await keyed('programme', 'code text PRIMARY KEY');
    await keyed('departments', 'code text PRIMARY KEY');
    await keyed('regions', 'code text PRIMARY KEY');
    await keyed('networks', 'code text PRIMARY KEY, lead_department text NOT NULL');
    await keyed(
      'categories',
      'network_code text NOT NULL, code text NOT NULL, PRIMARY KEY (network_code, code)',
    );
    await keyed('budgets', 'network_code text NOT NULL');
    await keyed('targets', 'code text PRIMARY KEY, network_code text NOT NULL');
    await keyed('discrepancies', 'code text PRIMARY KEY, network_code text');
  }

  async teardown(tx: SqlExecutor): Promise<void> {
    for (const name of [
      'programme',
      'departments',
      'regions',
      'networks',
      'categories',
      'budgets',
      'targets',
      'discrepancies',
    ]) {
      await tx.query(`DROP TABLE IF EXISTS ${this.table(name)}`);
    }
  }

  handles(eventType: string): boolean {
    return (PROGRAMME_EVENT_TYPES as readonly string[]).includes(eventType);
  }

  async apply(tx: SqlExecutor, recorded: RecordedEvent): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as ProgrammeEvent;
    const position = recorded.globalPosition.toString();
    const data = JSON.stringify(event.data);
    const insert = (table: string, columns: string[], values: unknown[]): Promise<unknown> =>
      tx.query(
        `INSERT INTO ${this.table(table)} (${[...columns, 'position', 'data'].join(', ')})
         VALUES (${[...values, position, data].map((_, i) => `$${i + 1}`).join(', ')})`,
        [...values, position, data],
      );
    switch (event.type) {
      case 'ProgrammeEstablished':
        await insert('programme', ['code'], [event.data.programmeCode]);
        return;
      case 'DepartmentRegistered':
        await insert('departments', ['code'], [event.data.code]);
        return;
      case 'RegionRegistered':
        await insert('regions', ['code'], [event.data.code]);
        return;
      case 'NetworkDefined':
        await insert(
          'networks',
          ['code', 'lead_department'],
          [event.data.code, event.data.leadDepartment],
        );
        return;
      case 'CategoryDefined':
        await insert(
          'categories',
          ['network_code', 'code'],
          [event.data.networkCode, event.data.code],
        );
        return;
      case 'BudgetAllocated':
        await insert('budgets', ['network_code'], [event.data.networkCode]);
        return;
      case 'IndicatorTargetSet':
        await insert(
          'targets',
          ['code', 'network_code'],
          [event.data.code, event.data.networkCode],
        );
        return;
      case 'SourceDiscrepancyRecorded':
        await insert(
          'discrepancies',
          ['code', 'network_code'],
          [event.data.code, event.data.networkCode],
        );
        return;
      default:
        assertNever(event);
    }
  }
}

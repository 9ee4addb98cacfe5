import { RecordedEvent } from '@ledger/event-store';
import { Projection, SqlExecutor, quoteIdentifier } from '@ledger/event-sourcing';
import {
  ADMINISTRATIVE_UNIT_EVENT_TYPES,
  AdministrativeUnitEvent,
} from './domain/administrative-units.decider';
import { UnitSpell, unitSpells, unitsAsOf } from './domain/units-as-of';

/**
 * The units' events, whole, in the order recorded. There are a few dozen: a view for a date
 * folds them into spells (unitSpells) and keeps those covering the day, so every date is
 * answered from the same rows and no table of spells can drift from the events.
 */
export class AdministrativeUnitsProjection implements Projection {
  readonly name = 'planning.administrative-units';
  readonly version = 1;

  constructor(readonly schema: string) {}

  private get table(): string {
    return `${quoteIdentifier(this.schema)}.administrative_unit_events`;
  }

  async setup(tx: SqlExecutor): Promise<void> {
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)}`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table} (
      position bigint PRIMARY KEY, type text NOT NULL, data jsonb NOT NULL)`);
  }

  async teardown(tx: SqlExecutor): Promise<void> {
    await tx.query(`DROP TABLE IF EXISTS ${this.table}`);
  }

  handles(eventType: string): boolean {
    return (ADMINISTRATIVE_UNIT_EVENT_TYPES as readonly string[]).includes(eventType);
  }

  async apply(tx: SqlExecutor, recorded: RecordedEvent): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.table} (position, type, data) VALUES ($1, $2, $3)
       ON CONFLICT (position) DO NOTHING`,
      [recorded.globalPosition.toString(), recorded.type, JSON.stringify(recorded.data)],
    );
  }
}

/** Prefecture first (its code ends in 00), then its units by code; the ledger's codes last. */
const byCode = (units: UnitSpell[]): UnitSpell[] =>
  [...units].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

export class AdministrativeUnitsQueries {
  constructor(
    private readonly db: SqlExecutor,
    private readonly schema: string,
  ) {}

  async spells(): Promise<UnitSpell[]> {
    const rows = await this.db.query<{ type: string; data: AdministrativeUnitEvent['data'] }>(
      `SELECT type, data FROM ${quoteIdentifier(this.schema)}.administrative_unit_events
        ORDER BY position`,
    );
    return unitSpells(rows.map((r) => ({ type: r.type, data: r.data }) as AdministrativeUnitEvent));
  }

  /** Units as they stood on `asOf` (now when null), under `parentCode` when given. */
  async asOf(asOf: string | null, parentCode: string | null): Promise<UnitSpell[]> {
    const units = byCode(unitsAsOf(await this.spells(), asOf));
    return parentCode === null ? units : units.filter((u) => u.parentCode === parentCode);
  }

  /**
   * A programme region's units on a date: those the programme counts under it, and those
   * then administered by one of them (公主岭 under 长春 from 2020-06-19, under 四平 before).
   */
  async ofRegion(regionCode: string, asOf: string | null): Promise<UnitSpell[]> {
    const units = byCode(unitsAsOf(await this.spells(), asOf));
    const own = new Set(
      units.filter((u) => u.programmeRegionCode === regionCode).map((u) => u.code),
    );
    return units.filter((u) => own.has(u.code) || (u.parentCode !== null && own.has(u.parentCode)));
  }
}

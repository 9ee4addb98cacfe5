import { SqlExecutor, quoteIdentifier } from '@ledger/event-sourcing';
import {
  BudgetAllocated,
  CategoryDefined,
  DepartmentRegistered,
  IndicatorTargetSet,
  NetworkDefined,
  ProgrammeEstablished,
  RegionRegistered,
  SourceDiscrepancyRecorded,
} from '../programme/domain/programme.events';

/** Reads the plan's reference data back as the events stated it. */
export class ProgrammeQueries {
  constructor(
    private readonly db: SqlExecutor,
    private readonly schema: string,
  ) {}

  private async all<T>(table: string, where = '', params: unknown[] = []): Promise<T[]> {
    const rows = await this.db.query<{ data: T }>(
      `SELECT data FROM ${quoteIdentifier(this.schema)}.${table} ${where} ORDER BY position`,
      params,
    );
    return rows.map((r) => r.data);
  }

  async programme(): Promise<ProgrammeEstablished['data'] | undefined> {
    return (await this.all<ProgrammeEstablished['data']>('programme'))[0];
  }
  departments(): Promise<DepartmentRegistered['data'][]> {
    return this.all('departments');
  }
  regions(): Promise<RegionRegistered['data'][]> {
    return this.all('regions');
  }
  networks(): Promise<NetworkDefined['data'][]> {
    return this.all('networks');
  }
  /** The lead department of each of these networks, in one statement, by network code. */
  async leadDepartmentsOf(
    networkCodes: readonly string[],
  ): Promise<Map<string, DepartmentRegistered['data']>> {
    const schema = quoteIdentifier(this.schema);
    const rows = await this.db.query<{ code: string; data: DepartmentRegistered['data'] }>(
      `SELECT n.code, d.data FROM ${schema}.networks n
         JOIN ${schema}.departments d ON d.code = n.lead_department
        WHERE n.code = ANY($1::text[])`,
      [[...networkCodes]],
    );
    return new Map(rows.map((r) => [r.code, r.data]));
  }
  async network(code: string): Promise<NetworkDefined['data'] | undefined> {
    return (await this.all<NetworkDefined['data']>('networks', 'WHERE code = $1', [code]))[0];
  }
  categories(networkCode: string): Promise<CategoryDefined['data'][]> {
    return this.all('categories', 'WHERE network_code = $1', [networkCode]);
  }
  budgets(networkCode: string): Promise<BudgetAllocated['data'][]> {
    return this.all('budgets', 'WHERE network_code = $1', [networkCode]);
  }
  targets(networkCode: string | null): Promise<IndicatorTargetSet['data'][]> {
    return networkCode === null
      ? this.all('targets')
      : this.all('targets', 'WHERE network_code = $1', [networkCode]);
  }
  discrepancies(): Promise<SourceDiscrepancyRecorded['data'][]> {
    return this.all('discrepancies');
  }
}

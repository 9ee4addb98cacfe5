import { assertNever } from '@ledger/domain-kernel';
import { ProgrammeEvent } from '../programme/domain/programme.events';

/**
 * What the export needs to know about the programme besides a project's own stream: who
 * leads each network, what regions and departments are called, which funding sources are
 * debt. Built from the programme stream's events, so the export says what the ledger says.
 */
export interface NamedEntry {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface NetworkEntry extends NamedEntry {
  leadDepartment: string;
  coResponsible: string[];
}

export interface FundingSourceEntry extends NamedEntry {
  /** The plan's own classification (programme.json fundingSources[].isDebt). */
  isDebt: boolean;
}

export interface ProgrammeReference {
  programme: {
    code: string;
    nameZh: string;
    documentNumber: string;
    issuerZh: string;
    issuedOn: string;
  };
  departments: ReadonlyMap<string, NamedEntry>;
  regions: ReadonlyMap<string, NamedEntry>;
  networks: ReadonlyMap<string, NetworkEntry>;
  /** Keyed by the plan's code, which writes "-" where project events write "_". */
  fundingSources: ReadonlyMap<string, FundingSourceEntry>;
  /** Category names by `${networkCode}/${categoryCode}`. */
  categories: ReadonlyMap<string, NamedEntry>;
  tags: ReadonlyMap<string, NamedEntry>;
}

/** Folds the programme stream into reference data; throws if the programme was never established. */
export function programmeReferenceFromEvents(
  events: readonly ProgrammeEvent[],
): ProgrammeReference {
  let programme: ProgrammeReference['programme'] | null = null;
  const departments = new Map<string, NamedEntry>();
  const regions = new Map<string, NamedEntry>();
  const networks = new Map<string, NetworkEntry>();
  const fundingSources = new Map<string, FundingSourceEntry>();
  const categories = new Map<string, NamedEntry>();
  const tags = new Map<string, NamedEntry>();
  const named = (d: NamedEntry): NamedEntry => ({
    code: d.code,
    nameZh: d.nameZh,
    nameEn: d.nameEn,
  });
  for (const event of events) {
    switch (event.type) {
      case 'ProgrammeEstablished': {
        const d = event.data;
        programme = {
          code: d.programmeCode,
          nameZh: d.nameZh,
          documentNumber: d.documentNumber,
          issuerZh: d.issuerZh,
          issuedOn: d.issuedOn,
        };
        for (const f of d.fundingSources)
          fundingSources.set(f.code, { ...named(f), isDebt: f.isDebt });
        for (const t of d.newInfrastructureTags) tags.set(t.code, named(t));
        break;
      }
      case 'DepartmentRegistered':
        departments.set(event.data.code, named(event.data));
        break;
      case 'RegionRegistered':
        regions.set(event.data.code, named(event.data));
        break;
      case 'NetworkDefined':
        networks.set(event.data.code, {
          ...named(event.data),
          leadDepartment: event.data.leadDepartment,
          coResponsible: event.data.coResponsible,
        });
        break;
      case 'CategoryDefined':
        categories.set(`${event.data.networkCode}/${event.data.code}`, named(event.data));
        break;
      // Budgets, targets and discrepancies describe the programme, not one project.
      case 'BudgetAllocated':
      case 'IndicatorTargetSet':
      case 'SourceDiscrepancyRecorded':
        break;
      default:
        assertNever(event);
    }
  }
  if (programme === null) {
    throw new Error('the programme stream has no ProgrammeEstablished event: nothing to export');
  }
  return { programme, departments, regions, networks, fundingSources, categories, tags };
}

import { Decider, RuleViolation, assertNever } from '@ledger/domain-kernel';
import {
  BudgetAllocated,
  CategoryDefined,
  DepartmentRegistered,
  IndicatorTargetSet,
  NetworkDefined,
  ProgrammeEstablished,
  ProgrammeEvent,
  RegionRegistered,
  SourceDiscrepancyRecorded,
} from './programme.events';

/** The whole plan as the document states it, established in one atomic append. */
export interface EstablishProgramme {
  type: 'EstablishProgramme';
  programme: ProgrammeEstablished['data'];
  departments: DepartmentRegistered['data'][];
  regions: RegionRegistered['data'][];
  networks: NetworkDefined['data'][];
  categories: CategoryDefined['data'][];
  budgets: BudgetAllocated['data'][];
  targets: IndicatorTargetSet['data'][];
  discrepancies: SourceDiscrepancyRecorded['data'][];
}

/**
 * Targets added to an established programme: the seed's targets a store established before
 * they were in the seed does not hold yet. A target code is set once.
 */
export interface SetIndicatorTargets {
  type: 'SetIndicatorTargets';
  targets: IndicatorTargetSet['data'][];
}

export type ProgrammeCommand = EstablishProgramme | SetIndicatorTargets;

export interface ProgrammeState {
  established: boolean;
  networks: ReadonlySet<string>;
  departments: ReadonlySet<string>;
  regions: ReadonlySet<string>;
  categories: ReadonlySet<string>;
  tags: ReadonlySet<string>;
  targets: ReadonlySet<string>;
}

export const initialProgrammeState: ProgrammeState = {
  established: false,
  networks: new Set(),
  departments: new Set(),
  regions: new Set(),
  categories: new Set(),
  tags: new Set(),
  targets: new Set(),
};

function duplicates(codes: readonly string[]): string[] {
  const seen = new Set<string>();
  return codes.filter((code) => (seen.has(code) ? true : (seen.add(code), false)));
}

/** The plan must hang together: every reference points at something it defines. */
function checkReferences(command: EstablishProgramme): void {
  const departments = new Set(command.departments.map((d) => d.code));
  const regions = new Set(command.regions.map((r) => r.code));
  const networks = new Set(command.networks.map((n) => n.code));
  const categories = new Set(command.categories.map((c) => `${c.networkCode}/${c.code}`));
  const problems: string[] = [];
  for (const [what, codes] of [
    ['department', command.departments.map((d) => d.code)],
    ['region', command.regions.map((r) => r.code)],
    ['network', command.networks.map((n) => n.code)],
    ['category', [...command.categories.map((c) => `${c.networkCode}/${c.code}`)]],
    ['target', command.targets.map((t) => t.code)],
    ['discrepancy', command.discrepancies.map((d) => d.code)],
  ] as const) {
    for (const code of duplicates(codes)) problems.push(`${what} ${code} is defined twice`);
  }
  for (const n of command.networks) {
    for (const d of [n.leadDepartment, ...n.coResponsible]) {
      if (!departments.has(d)) problems.push(`network ${n.code} names unknown department ${d}`);
    }
  }
  const inNetwork = (network: string, category: string | null): boolean =>
    category === null || categories.has(`${network}/${category}`);
  for (const c of command.categories) {
    if (!networks.has(c.networkCode)) problems.push(`category ${c.code}: unknown network`);
    if (!inNetwork(c.networkCode, c.parentCode))
      problems.push(`category ${c.code}: unknown parent`);
  }
  for (const b of command.budgets) {
    if (!networks.has(b.networkCode) || !inNetwork(b.networkCode, b.categoryCode)) {
      problems.push(
        `budget ${b.networkCode}/${b.categoryCode ?? '-'}: unknown network or category`,
      );
    }
    if (b.regionCode !== null && !regions.has(b.regionCode)) {
      problems.push(`budget ${b.networkCode}: unknown region ${b.regionCode}`);
    }
  }
  for (const t of command.targets) {
    if (!networks.has(t.networkCode) || !inNetwork(t.networkCode, t.categoryCode)) {
      problems.push(`target ${t.code}: unknown network or category`);
    }
  }
  if (problems.length > 0) {
    throw new RuleViolation(
      'PLAN_INCONSISTENT',
      `the plan does not hang together: ${problems.join('; ')}`,
    );
  }
}

export function decideProgramme(
  command: ProgrammeCommand,
  state: ProgrammeState,
): ProgrammeEvent[] {
  switch (command.type) {
    case 'EstablishProgramme': {
      if (state.established) {
        throw new RuleViolation(
          'PROGRAMME_ALREADY_ESTABLISHED',
          'the programme is already established',
        );
      }
      checkReferences(command);
      return [
        { type: 'ProgrammeEstablished', data: command.programme },
        ...command.departments.map((data): ProgrammeEvent => ({
          type: 'DepartmentRegistered',
          data,
        })),
        ...command.regions.map((data): ProgrammeEvent => ({ type: 'RegionRegistered', data })),
        ...command.networks.map((data): ProgrammeEvent => ({ type: 'NetworkDefined', data })),
        ...command.categories.map((data): ProgrammeEvent => ({ type: 'CategoryDefined', data })),
        ...command.budgets.map((data): ProgrammeEvent => ({ type: 'BudgetAllocated', data })),
        ...command.targets.map((data): ProgrammeEvent => ({ type: 'IndicatorTargetSet', data })),
        ...command.discrepancies.map((data): ProgrammeEvent => ({
          type: 'SourceDiscrepancyRecorded',
          data,
        })),
      ];
    }
    case 'SetIndicatorTargets': {
      if (!state.established) {
        throw new RuleViolation('PROGRAMME_NOT_ESTABLISHED', 'the programme is not established');
      }
      const problems: string[] = [];
      for (const code of duplicates(command.targets.map((t) => t.code))) {
        problems.push(`target ${code} is defined twice`);
      }
      for (const t of command.targets) {
        if (state.targets.has(t.code)) problems.push(`target ${t.code} is already set`);
        if (
          !state.networks.has(t.networkCode) ||
          (t.categoryCode !== null && !state.categories.has(`${t.networkCode}/${t.categoryCode}`))
        ) {
          problems.push(`target ${t.code}: unknown network or category`);
        }
      }
      if (command.targets.length === 0) problems.push('no target to set');
      if (problems.length > 0) {
        throw new RuleViolation('PLAN_INCONSISTENT', `targets refused: ${problems.join('; ')}`);
      }
      return command.targets.map((data): ProgrammeEvent => ({ type: 'IndicatorTargetSet', data }));
    }
    default:
      return assertNever(command);
  }
}

const add = (set: ReadonlySet<string>, code: string): ReadonlySet<string> =>
  new Set([...set, code]);

export function evolveProgramme(state: ProgrammeState, event: ProgrammeEvent): ProgrammeState {
  switch (event.type) {
    case 'ProgrammeEstablished':
      return {
        ...state,
        established: true,
        tags: new Set(event.data.newInfrastructureTags.map((t) => t.code)),
      };
    case 'DepartmentRegistered':
      return { ...state, departments: add(state.departments, event.data.code) };
    case 'RegionRegistered':
      return { ...state, regions: add(state.regions, event.data.code) };
    case 'NetworkDefined':
      return { ...state, networks: add(state.networks, event.data.code) };
    case 'CategoryDefined':
      return {
        ...state,
        categories: add(state.categories, `${event.data.networkCode}/${event.data.code}`),
      };
    case 'IndicatorTargetSet':
      return { ...state, targets: add(state.targets, event.data.code) };
    case 'BudgetAllocated':
    case 'SourceDiscrepancyRecorded':
      return state;
    default:
      return assertNever(event);
  }
}

export const programmeDecider: Decider<ProgrammeCommand, ProgrammeEvent, ProgrammeState> = {
  decide: decideProgramme,
  evolve: evolveProgramme,
  initialState: initialProgrammeState,
};

export const PROGRAMME_STREAM = 'programme-jilin-761';

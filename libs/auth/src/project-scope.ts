import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import { Principal } from './principal';

/** Which projects a principal may see and report for. */
export type ProjectScope =
  | { kind: 'all' }
  | { kind: 'networks'; networks: readonly string[] }
  | { kind: 'region'; region: string };

export interface ScopedProject {
  networkCode: string;
  regionCodes: readonly string[];
}

let leads: Map<string, string[]> | undefined;

/**
 * Which networks each department leads, from the 761 plan (networks.json): reference data
 * of the programme, the same in every service, so no service asks another at request time.
 */
export function networksLedBy(department: string): readonly string[] {
  if (!leads) {
    // From the sources, from dist/, or from the working directory of an image.
    const file = [
      join(__dirname, '..', '..', '..', 'seeds', 'jilin-761', 'networks.json'),
      join(__dirname, '..', '..', '..', '..', 'seeds', 'jilin-761', 'networks.json'),
      join(process.cwd(), 'seeds', 'jilin-761', 'networks.json'),
    ].find((candidate) => existsSync(candidate));
    if (!file) throw new Error('seeds/jilin-761/networks.json not found: who leads which network?');
    const raw = JSON.parse(readFileSync(file, 'utf8')) as {
      networks: Array<{ code: string; leadDepartment: string }>;
    };
    leads = new Map();
    for (const n of raw.networks)
      leads.set(n.leadDepartment, [...(leads.get(n.leadDepartment) ?? []), n.code]);
  }
  return leads.get(department) ?? [];
}

export function scopeOf(principal: Principal): ProjectScope {
  switch (principal.role) {
    case 'lead_department':
      return { kind: 'networks', networks: networksLedBy(principal.department) };
    case 'region':
      return { kind: 'region', region: principal.region };
    case 'planning_office':
    case 'supervisor':
    case 'auditor':
      return { kind: 'all' };
    // Reads no project at all (the policy refuses it every project field anyway).
    case 'operator':
      return { kind: 'networks', networks: [] };
    default: {
      const unknownRole: never = principal;
      throw new Error(`unknown role ${String(unknownRole)}`);
    }
  }
}

export function inScope(scope: ProjectScope, project: ScopedProject): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'networks':
      return scope.networks.includes(project.networkCode);
    case 'region':
      return project.regionCodes.includes(scope.region);
    default: {
      const unknownScope: never = scope;
      throw new Error(`unknown scope ${String(unknownScope)}`);
    }
  }
}

/**
 * Refuses a principal whose scope does not reach the project. `load` (the project's network
 * and regions, as the caller's read model knows them) runs only for a scoped principal; an
 * unknown project passes, for the query or command to answer as such.
 */
export async function ensureProjectInScope(
  principal: Principal,
  projectId: string,
  load: () => Promise<ScopedProject | null>,
  may = 'see',
): Promise<void> {
  const scope = scopeOf(principal);
  if (scope.kind === 'all') return;
  const project = await load();
  if (project && !inScope(scope, project)) {
    throw forbidden(`project ${projectId} is outside what your role may ${may}`);
  }
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

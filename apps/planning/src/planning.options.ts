import { SettingError } from '@ledger/domain-kernel';
/** How the planning service runs inside a host process. */
export interface PlanningOptions {
  /** Schema of the planning read models (one per service). */
  readModelSchema: string;
  /** Load the 761 plan on start if the store does not have it yet. */
  loadSeed: boolean;
}

export const PLANNING_OPTIONS = Symbol('PlanningOptions');

export function planningOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): PlanningOptions {
  const schema = env.PLANNING_SCHEMA ?? 'planning';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new SettingError(`PLANNING_SCHEMA must be a lower-case SQL identifier, got "${schema}"`);
  }
  const seed = env.LOAD_SEED ?? 'true';
  if (seed !== 'true' && seed !== 'false') {
    throw new SettingError(`LOAD_SEED must be true or false, got "${seed}"`);
  }
  return { readModelSchema: schema, loadSeed: seed === 'true' };
}

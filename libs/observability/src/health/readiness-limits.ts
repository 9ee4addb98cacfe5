/** How far behind a reader may be and its process still take traffic. */
export interface ReadinessLimits {
  /** READY_MAX_LAG_EVENTS: positions behind the store's head (default 1000). */
  maxLagEvents: number;
  /** READY_MAX_LAG_SECONDS: age of the oldest event not applied (default 30). */
  maxLagSeconds: number;
}

export const DEFAULT_READINESS_LIMITS: ReadinessLimits = { maxLagEvents: 1000, maxLagSeconds: 30 };

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, unit: string): number {
  const given = env[name];
  if (given === undefined || given === '') return fallback;
  if (!/^\d+$/.test(given.trim()) || !Number.isSafeInteger(Number(given))) {
    throw new Error(`${name} must be a whole number of ${unit} (0 or more), got "${given}"`);
  }
  return Number(given);
}

/** READY_MAX_LAG_EVENTS and READY_MAX_LAG_SECONDS, checked at start. */
export function readinessLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): ReadinessLimits {
  return {
    maxLagEvents: wholeNumber(env, 'READY_MAX_LAG_EVENTS', 1000, 'events'),
    maxLagSeconds: wholeNumber(env, 'READY_MAX_LAG_SECONDS', 30, 'seconds'),
  };
}

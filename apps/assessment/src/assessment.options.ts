import { SettingError } from '@ledger/domain-kernel';
export interface AssessmentOptions {
  readModelSchema: string;
  /** How often every project is checked again (time-based rules move with the calendar); 0: never. */
  sweepIntervalMs: number;
}

export const ASSESSMENT_OPTIONS = Symbol('AssessmentOptions');

export function assessmentOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): AssessmentOptions {
  const schema = env.ASSESSMENT_SCHEMA ?? 'assessment';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new SettingError(
      `ASSESSMENT_SCHEMA must be a lower-case SQL identifier, got "${schema}"`,
    );
  }
  const sweep = Number(env.RISK_SWEEP_INTERVAL_MS ?? '3600000');
  if (!Number.isInteger(sweep) || sweep < 0) {
    throw new SettingError(
      `RISK_SWEEP_INTERVAL_MS must be a whole number of ms, got "${env.RISK_SWEEP_INTERVAL_MS}"`,
    );
  }
  return { readModelSchema: schema, sweepIntervalMs: sweep };
}

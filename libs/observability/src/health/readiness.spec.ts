import { lagProblem } from './readiness-checks';
import { DEFAULT_READINESS_LIMITS, readinessLimitsFromEnv } from './readiness-limits';

describe('readiness limits', () => {
  it('defaults to 1000 events and 30 seconds, and reads whole numbers', () => {
    expect(readinessLimitsFromEnv({})).toEqual(DEFAULT_READINESS_LIMITS);
    expect(
      readinessLimitsFromEnv({ READY_MAX_LAG_EVENTS: '50', READY_MAX_LAG_SECONDS: '0' }),
    ).toEqual({ maxLagEvents: 50, maxLagSeconds: 0 });
  });

  it('refuses anything else, naming the variable and what it takes', () => {
    expect(() => readinessLimitsFromEnv({ READY_MAX_LAG_EVENTS: 'lots' })).toThrow(
      'READY_MAX_LAG_EVENTS must be a whole number of events (0 or more), got "lots"',
    );
    expect(() => readinessLimitsFromEnv({ READY_MAX_LAG_SECONDS: '-1' })).toThrow(
      'READY_MAX_LAG_SECONDS must be a whole number of seconds (0 or more), got "-1"',
    );
    expect(() => readinessLimitsFromEnv({ READY_MAX_LAG_SECONDS: '2.5' })).toThrow(
      /READY_MAX_LAG_SECONDS/,
    );
  });

  it('keeps a reader out of traffic past either limit, not at it', () => {
    const limits = { maxLagEvents: 100, maxLagSeconds: 30 };
    expect(lagProblem({ events: 100, seconds: 30 }, limits)).toBeNull();
    expect(lagProblem({ events: 101, seconds: 0 }, limits)).toBe(
      '101 events behind (READY_MAX_LAG_EVENTS=100)',
    );
    expect(lagProblem({ events: 1, seconds: 31.4 }, limits)).toBe(
      '31 s behind (READY_MAX_LAG_SECONDS=30)',
    );
  });
});

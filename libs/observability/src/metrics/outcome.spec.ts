import { operationLabel } from './gateway-metrics.plugin';
import { outcomeOfErrorCode, outcomeOfErrors } from './outcome';

describe('request outcomes', () => {
  it('reads a client’s refusal, a conflict, an outage and a fault from their codes', () => {
    expect(outcomeOfErrorCode('BAD_USER_INPUT')).toBe('rejected');
    expect(outcomeOfErrorCode('RULE_VIOLATED')).toBe('rejected');
    expect(outcomeOfErrorCode('FORBIDDEN')).toBe('rejected');
    expect(outcomeOfErrorCode('CONFLICT')).toBe('conflict');
    expect(outcomeOfErrorCode('UNAVAILABLE')).toBe('unavailable');
    expect(outcomeOfErrorCode('INTERNAL_SERVER_ERROR')).toBe('failed');
    // A code nobody declared is a fault, so that the failure alert hears of it.
    expect(outcomeOfErrorCode('SOMETHING_NEW')).toBe('failed');
    expect(outcomeOfErrorCode(undefined)).toBe('failed');
  });

  it('counts a response by its gravest error', () => {
    expect(outcomeOfErrors([])).toBe('ok');
    expect(outcomeOfErrors(['BAD_USER_INPUT', 'CONFLICT'])).toBe('conflict');
    expect(outcomeOfErrors(['CONFLICT', 'UNAVAILABLE', 'RULE_VIOLATED'])).toBe('unavailable');
    expect(outcomeOfErrors(['RULE_VIOLATED', 'INTERNAL_SERVER_ERROR'])).toBe('failed');
  });
});

describe('operation labels', () => {
  it('keeps names, and bounds what a client can make up', () => {
    expect(operationLabel(undefined)).toBe('anonymous');
    expect(operationLabel('')).toBe('anonymous');
    expect(operationLabel('ProjectPage')).toBe('ProjectPage');
    expect(operationLabel('not a name; DROP')).toBe('other');
    for (let i = 0; i < 300; i++) operationLabel(`Generated${i}`);
    // Names seen before the bound keep their label; new ones after it share one.
    expect(operationLabel('ProjectPage')).toBe('ProjectPage');
    expect(operationLabel('Generated299')).toBe('other');
  });
});

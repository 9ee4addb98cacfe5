import { percentOf } from './progress.resolver';

describe('percentOf (progress shares, exact)', () => {
  it.each([
    ['50.00', '200.00', '25.00'],
    ['1', '3', '33.33'],
    ['-0.10', '200.00', '-0.05'],
    ['-1.50', '3.00', '-50.00'],
    ['0.01', '-1.00', '-1.00'],
    ['7', '12.00', '58.33'],
  ])('%s of %s is %s%%', (part, whole, expected) => {
    expect(percentOf(part, whole)).toBe(expected);
  });

  it('has no share of nothing', () => {
    expect(percentOf('5.00', '0.00')).toBeNull();
  });
});

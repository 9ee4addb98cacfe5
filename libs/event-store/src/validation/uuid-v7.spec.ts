import { isUuid, uuidV7, uuidVersion } from './uuid-v7';

describe('uuidV7', () => {
  it('is a canonical RFC 9562 version 7 UUID with the 10xx variant', () => {
    const id = uuidV7();
    expect(isUuid(id)).toBe(true);
    expect(uuidVersion(id)).toBe(7);
    expect('89ab').toContain(id.charAt(19));
  });

  it('carries the creation time in its first 48 bits', () => {
    // Ids are monotonic per process, so the time given must not be earlier than any before it.
    const at = Date.now() + 60_000;
    const id = uuidV7(at);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThanOrEqual(at);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBeLessThan(at + 100);
  });

  it('sorts in creation order even within one millisecond, and never repeats', () => {
    const now = Date.now() + 120_000;
    const ids = Array.from({ length: 5000 }, () => uuidV7(now));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

import { shared } from './registry';

describe('shared', () => {
  it('runs work once for callers that ask while it runs, and afresh afterwards', async () => {
    let runs = 0;
    const head = shared(async () => ++runs);
    const together = await Promise.all([head(), head(), head()]);
    expect(together).toEqual([1, 1, 1]);
    expect(await head()).toBe(2);
  });

  it('does not keep a failure', async () => {
    let fail = true;
    const head = shared(async () => {
      if (fail) throw new Error('store down');
      return 7;
    });
    await expect(head()).rejects.toThrow('store down');
    fail = false;
    expect(await head()).toBe(7);
  });
});

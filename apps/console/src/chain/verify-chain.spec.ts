/**
 * The browser's chain check against the specification's vectors (libs/event-store/
 * HASH-CHAIN.md, RFC 8785), independently of the store's code. Against the real store (events
 * appended, served by the audit API, tampered with in the database): test/console/
 * chain-verification.e2e.spec.ts.
 */
import { describe, expect, it } from '@jest/globals';
import {
  GENESIS_HASH,
  ServedEvent,
  canonicalJson,
  contentHash,
  linkHash,
  sha256Hex,
  verifyStreamHistory,
  verifyStreams,
} from './verify-chain';

/** The content of HASH-CHAIN.md's test vector. */
const VECTOR: ServedEvent = {
  streamId: 'project-22010001',
  eventId: '0190d6f2-0000-7000-8000-000000000001',
  type: 'ProjectProposed',
  data: JSON.stringify({ name: '净月数据中心', amount: '12.50' }),
  actor: 'drc:planner-1',
  correlationId: null,
  causationId: null,
  validAt: '2020-04-09T00:00:00+08:00',
  streamVersion: '0',
  recordedAt: '2020-04-10T01:02:03.456Z',
  hash: 'a60be7c8de0f7e8e4b8604f92f958db2fbb8a8eca5b6d2c51193d8dd1a73aaa1',
  previousHash: GENESIS_HASH,
};

describe('the hash chain in the browser: HASH-CHAIN.md, independently', () => {
  it('keeps the documented vector: content hash, then the genesis link', async () => {
    const content = await contentHash(VECTOR);
    expect(content).toBe('088f04f607f9b6d900745b7c2e953e5662f4183c47c59dd9c2b9594fd124773a');
    expect(await linkHash(content, GENESIS_HASH, VECTOR.recordedAt, '0')).toBe(VECTOR.hash);
    expect(await verifyStreamHistory([VECTOR])).toEqual({
      intact: true,
      events: 1,
      last: { streamVersion: '0', hash: VECTOR.hash },
    });
  });

  it('hashes schema version 1 without the member and version 2 with it (the documented vector)', async () => {
    expect(await contentHash({ ...VECTOR, schemaVersion: 1 })).toBe(await contentHash(VECTOR));
    const v2 = await contentHash({ ...VECTOR, schemaVersion: 2 });
    expect(v2).toBe('5d8177ddfa86de1a804af60d54357fc180444f89e1394883b3fada4b4890c52a');
    expect(await linkHash(v2, GENESIS_HASH, VECTOR.recordedAt, '0')).toBe(
      '2ffcddec637f10a65efd45efadbe0faa890983f3ea3b4d744664859e11b8aa12',
    );
  });

  it('writes RFC 8785 §3.2.2 and §3.2.3 exactly, as JSON.parse leaves the input', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    ) as unknown;
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
    const keys = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(keys)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('hashes UTF-8: the same digest as Node’s crypto for text beyond the BMP', async () => {
    const { createHash } = await import('node:crypto');
    const text = '吉林 😀 \u00e9';
    expect(await sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('names the first break and its reason, in the store’s order of checks', async () => {
    const second = { ...VECTOR, eventId: '0190d6f2-0000-7000-8000-000000000002' };
    second.streamVersion = '1';
    second.previousHash = VECTOR.hash;
    second.hash = await linkHash(
      await contentHash(second),
      VECTOR.hash!,
      second.recordedAt,
      second.streamVersion,
    );
    expect((await verifyStreamHistory([VECTOR, second])).intact).toBe(true);
    const reasons = async (events: ServedEvent[]) => {
      const check = await verifyStreamHistory(events);
      return check.intact ? null : [check.brokenAt.streamVersion, check.brokenAt.reason];
    };
    expect(await reasons([second])).toEqual(['1', 'link broken (missing or reordered event)']);
    expect(await reasons([VECTOR, { ...second, hash: null }])).toEqual(['1', 'hash missing']);
    expect(await reasons([{ ...VECTOR, actor: 'someone-else' }, second])).toEqual([
      '0',
      'content altered',
    ]);
    expect(await reasons([VECTOR, { ...second, data: '{"amount":"12.5"}' }])).toEqual([
      '1',
      'content altered',
    ]);
    expect(await reasons([VECTOR, { ...second, data: 'not json' }])).toEqual([
      '1',
      'content altered',
    ]);
    const forgedFirst = { ...VECTOR, data: '{"amount":"0.01"}' };
    forgedFirst.hash = await linkHash(
      await contentHash(forgedFirst),
      GENESIS_HASH,
      VECTOR.recordedAt,
      '0',
    );
    expect(await reasons([forgedFirst, second])).toEqual([
      '1',
      'link broken (missing or reordered event)',
    ]);
    const several = await verifyStreams([
      { streamId: 'a', events: [VECTOR] },
      { streamId: 'b', events: [forgedFirst, second] },
    ]);
    expect(several).toMatchObject({ intact: false, brokenAt: { streamVersion: '1' } });
  });
});

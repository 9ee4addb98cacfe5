import { canonicalJson, canonicalJsonWithPaths } from './canonical-json';
import {
  contentHash,
  contentHashOfCanonicalParts,
  contentHashOfValidated,
  GENESIS_HASH,
  linkDocument,
  linkHash,
  sha256Hex,
} from './hash-chain';
import { validateAppend } from '../validation/validate-append';

describe('canonicalJson (RFC 8785)', () => {
  it('matches the example of RFC 8785 §3.2.2', () => {
    // The RFC's input, as JavaScript parses it from its JSON text.
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    ) as unknown;
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units, not code points or UTF-8 bytes (RFC 8785 §3.2.3)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const keys = Object.keys(JSON.parse(canonicalJson(input)) as object);
    // The emoji (U+1F600, surrogates D83D DE00) sorts before U+FB33 in UTF-16.
    expect(canonicalJson(input).indexOf('\ud83d\ude00')).toBeLessThan(
      canonicalJson(input).indexOf('\ufb33'),
    );
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    expect(keys).toHaveLength(7);
  });

  it('sorts nested objects at every depth and keeps array order', () => {
    expect(canonicalJson({ b: [{ z: 1, a: { d: null, c: 'x' } }, 2], a: {} })).toBe(
      '{"a":{},"b":[{"a":{"c":"x","d":null},"z":1},2]}',
    );
  });

  it('writes no white space and leaves non-ASCII text unescaped', () => {
    expect(canonicalJson({ name: '净月数据中心', amount: '12.50', list: [1, 2] })).toBe(
      '{"amount":"12.50","list":[1,2],"name":"净月数据中心"}',
    );
  });

  it('serialises numbers as ECMAScript does (RFC 8785 §3.2.2.3 test values)', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [-0, '0'],
      [1, '1'],
      [-1.5, '-1.5'],
      [1e21, '1e+21'],
      [1e20, '100000000000000000000'],
      [1e-7, '1e-7'],
      [0.000001, '0.000001'],
      [9007199254740991, '9007199254740991'],
      [9007199254740992, '9007199254740992'],
      [295147905179352830000, '295147905179352830000'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [0.1 + 0.2, '0.30000000000000004'],
    ];
    for (const [value, expected] of cases) expect(canonicalJson(value)).toBe(expected);
  });

  it('escapes exactly the characters JSON requires, control characters in lower-case hex', () => {
    expect(canonicalJson('\u0000\u0008\t\n\u000b\f\r\u001f "\\/\u007f\u2028')).toBe(
      '"\\u0000\\b\\t\\n\\u000b\\f\\r\\u001f \\"\\\\/\u007f\u2028"',
    );
  });

  it('refuses what has no canonical form', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/not a JSON number/);
    expect(() => canonicalJson([Infinity])).toThrow(/not a JSON number/);
    expect(() => canonicalJson({ s: 'a\ud800' })).toThrow(/lone surrogate/);
    expect(() => canonicalJson({ ['\udc00']: 1 })).toThrow(/lone surrogate/);
    expect(() => canonicalJson({ a: undefined })).toThrow(/undefined is not JSON/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/bigint is not JSON/);
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(/plain objects/);
  });

  it('gives equal output for equal values built in different key orders', () => {
    const a = { x: { p: 1, q: [true, { s: 's', r: 'r' }] }, y: 'y' };
    const b = { y: 'y', x: { q: [true, { r: 'r', s: 's' }], p: 1 } };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('writes on the fast path exactly what the path-reporting writer writes, and refuses alike', () => {
    const written: unknown[] = [
      { numbers: [333333333.3333333, 1e30, 4.5, 2e-3, 1e-27, -0, 5e-324], literals: [null, true] },
      {
        '\u20ac': 1,
        '\r': 2,
        '\ufb33': 3,
        '1': 4,
        '10': 5,
        '9': 6,
        '\ud83d\ude00': 7,
        '\u00f6': 8,
      },
      { b: [{ z: 1, a: { d: null, c: 'x' } }, 2], a: {}, e: [] },
      { s: '\u0000\u0008\t\n\u000b\f\r\u001f "\\/\u007f\u2028 净月 \ud83d\ude00' },
      Object.assign(Object.create(null) as object, { z: 'no prototype', a: 1 }),
      'text',
      12.5,
    ];
    for (const value of written) expect(canonicalJson(value)).toBe(canonicalJsonWithPaths(value));
    const refused: unknown[] = [
      { a: Number.NaN },
      [Infinity],
      { s: 'a\ud800' },
      { ['\udc00']: 1 },
      { deep: [{ a: undefined }] },
      { a: 1n },
      { at: new Date(0) },
      // eslint-disable-next-line no-sparse-arrays -- a hole is the point
      [1, , 3],
    ];
    for (const value of refused) {
      expect(() => canonicalJsonWithPaths(value)).toThrow(TypeError);
      // The fast path's refusal is reported by the path-reporting writer: same words.
      expect(() => canonicalJson(value)).toThrow(
        (() => {
          try {
            canonicalJsonWithPaths(value);
          } catch (error) {
            return (error as Error).message;
          }
          return 'unreachable';
        })(),
      );
    }
  });
});

describe('hash chain algorithm (HASH-CHAIN.md)', () => {
  const content = {
    streamId: 'project-22010001',
    eventId: '0190d6f2-0000-7000-8000-000000000001',
    type: 'ProjectProposed',
    data: { name: '净月数据中心', amount: '12.50' },
    metadata: {
      actor: 'drc:planner-1',
      correlationId: null,
      causationId: null,
      validAt: '2020-04-09T00:00:00+08:00',
    },
  };

  it('hashes the canonical JSON of the content, then the link document, as documented', () => {
    const canonical =
      '{"data":{"amount":"12.50","name":"净月数据中心"},"eventId":"0190d6f2-0000-7000-8000-000000000001",' +
      '"metadata":{"actor":"drc:planner-1","causationId":null,"correlationId":null,"validAt":"2020-04-09T00:00:00+08:00"},' +
      '"streamId":"project-22010001","type":"ProjectProposed"}';
    expect(contentHash(content)).toBe(sha256Hex(canonical));
    const at = new Date('2020-04-10T01:02:03.456Z');
    const link = linkDocument(contentHash(content), GENESIS_HASH, at.toISOString(), 0n);
    expect(JSON.parse(link)).toEqual({
      contentHash: contentHash(content),
      previousHash: GENESIS_HASH,
      recordedAt: '2020-04-10T01:02:03.456Z',
      streamVersion: '0',
    });
    // The hand-written link document is its own canonical form.
    expect(canonicalJson(JSON.parse(link))).toBe(link);
    expect(linkHash(contentHash(content), GENESIS_HASH, at, 0n)).toBe(sha256Hex(link));
  });

  it('keeps the documented test vector (HASH-CHAIN.md), computed independently with Python and PostgreSQL', () => {
    // Python: json.dumps(sort_keys=True, separators=(',', ':'), ensure_ascii=False) + hashlib.
    expect(contentHash(content)).toBe(
      '088f04f607f9b6d900745b7c2e953e5662f4183c47c59dd9c2b9594fd124773a',
    );
    // PostgreSQL: sha256(convert_to(<link document>, 'UTF8')), as append_to_stream builds it.
    expect(
      linkHash(contentHash(content), GENESIS_HASH, new Date('2020-04-10T01:02:03.456Z'), 0n),
    ).toBe('a60be7c8de0f7e8e4b8604f92f958db2fbb8a8eca5b6d2c51193d8dd1a73aaa1');
  });

  it('hashes schema version 1 as before versions existed, and any other version as a member', () => {
    // Version 1, given or not, keeps the documented vector: old chains verify unchanged.
    expect(contentHash({ ...content, schemaVersion: 1 })).toBe(contentHash(content));
    // Python: the same content plus "schemaVersion": 2, canonicalised and hashed.
    const v2 = contentHash({ ...content, schemaVersion: 2 });
    expect(v2).toBe('5d8177ddfa86de1a804af60d54357fc180444f89e1394883b3fada4b4890c52a');
    expect(v2).toBe(sha256Hex(canonicalJson({ ...content, schemaVersion: 2 })));
    expect(linkHash(v2, GENESIS_HASH, new Date('2020-04-10T01:02:03.456Z'), 0n)).toBe(
      '2ffcddec637f10a65efd45efadbe0faa890983f3ea3b4d744664859e11b8aa12',
    );
    expect(contentHash({ ...content, schemaVersion: 3 })).not.toBe(v2);
  });

  it('hashes what the append path sends exactly as canonicalJson of the whole content would', () => {
    const tricky = {
      streamId: 'project-长春-😀',
      eventId: content.eventId,
      type: 'Odd.Type:1',
      data: {
        '\ufb33': 1,
        '\ud83d\ude00': [0.1, -0, 1e21, { b: null, a: 'tab\tquote"' }],
        z: true,
      },
      metadata: { actor: 'a\\b "c"', correlationId: '\u00e9', causationId: null, validAt: null },
    };
    const whole = sha256Hex(
      canonicalJson({
        data: tricky.data,
        eventId: tricky.eventId,
        metadata: tricky.metadata,
        streamId: tricky.streamId,
        type: tricky.type,
      }),
    );
    expect(contentHash(tricky)).toBe(whole);
    // The validated event's dataJson is the canonical text the SQL store receives.
    const [validated] = validateAppend(
      tricky.streamId,
      [{ type: tricky.type, data: tricky.data, metadata: { actor: 'x' } }],
      1 << 20,
    ).events;
    expect(validated!.dataJson).toBe(canonicalJson(tricky.data));
    // Its metadata text is canonical too, so the content hash can take it as it is.
    const withMetadata = validateAppend(
      tricky.streamId,
      [
        {
          eventId: tricky.eventId,
          type: tricky.type,
          data: tricky.data,
          metadata: { actor: tricky.metadata.actor, correlationId: tricky.metadata.correlationId },
        },
      ],
      1 << 20,
    ).events[0]!;
    expect(withMetadata.metadataJson).toBe(canonicalJson(tricky.metadata));
    expect(
      contentHashOfCanonicalParts(
        { ...withMetadata, streamId: tricky.streamId },
        withMetadata.dataJson,
        withMetadata.metadataJson,
      ),
    ).toBe(whole);
    expect(contentHashOfValidated(canonicalJson(tricky.streamId), withMetadata)).toBe(whole);
  });

  it('changes with every hashed field', () => {
    const base = contentHash(content);
    expect(contentHash({ ...content, streamId: 'project-22010002' })).not.toBe(base);
    expect(contentHash({ ...content, eventId: content.eventId.replace(/1$/, '2') })).not.toBe(base);
    expect(contentHash({ ...content, type: 'ProjectApproved' })).not.toBe(base);
    expect(contentHash({ ...content, data: { ...content.data, amount: '12.51' } })).not.toBe(base);
    expect(
      contentHash({ ...content, metadata: { ...content.metadata, actor: 'someone-else' } }),
    ).not.toBe(base);
    const at = new Date('2020-04-10T01:02:03.456Z');
    const h = linkHash(base, GENESIS_HASH, at, 0n);
    expect(linkHash(base, GENESIS_HASH, new Date(at.getTime() + 1), 0n)).not.toBe(h);
    expect(linkHash(base, GENESIS_HASH, at, 1n)).not.toBe(h);
    expect(linkHash(base, 'f'.repeat(64), at, 0n)).not.toBe(h);
  });
});

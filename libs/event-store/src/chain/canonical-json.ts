/**
 * RFC 8785 JSON Canonicalization Scheme (JCS), for the values an event may hold.
 *
 * JCS was designed so that an ECMAScript engine already does most of it: numbers are
 * serialised by Number.prototype.toString (the shortest round-tripping form, `1e+21`,
 * `1e-7`, `-0` as `0`), strings by JSON.stringify's escaping (`\b \t \n \f \r \" \\`,
 * other controls as lower-case `\u00xx`, nothing else escaped), and object keys are
 * sorted by UTF-16 code units, which is what Array.prototype.sort does with no comparator.
 * What this adds: the key sort at every depth, no white space, and refusals for what has
 * no canonical form (non-finite numbers, lone surrogates, non-JSON values), so two
 * implementations can never disagree silently.
 */
export function canonicalJson(value: unknown): string {
  // Else walk again, keeping track of where it is, to say where the refused part sits.
  return tryCanonicalJson(value) ?? write(value, ['$']);
}

/**
 * The canonical JSON, or undefined where canonicalJson would refuse the value or it nests
 * deeper than a ledger's data does (a cycle would otherwise overflow the stack first).
 */
export function tryCanonicalJson(value: unknown): string | undefined {
  let json: string;
  try {
    json = JSON.stringify(sorted(value, 0));
  } catch {
    return undefined;
  }
  // Well-formed JSON.stringify writes a lone surrogate as a `\udxxx` escape: only output
  // holding that text can hide one, and `write` tells which it is.
  return json.includes('\\ud') ? undefined : json;
}

/** Deeper than this the fast path gives up, and `write` (or a caller's own check) decides. */
const FAST_DEPTH = 256;

/** A key an object lists before all others, in numeric order, whatever order it was set in. */
const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;

/**
 * The value with every object's keys in canonical order, for JSON.stringify to write: it
 * writes strings and numbers exactly as RFC 8785 does (see above), natively, and lists an
 * object's keys in the order they were set, which the copy makes the sorted one. Throws on
 * whatever JSON.stringify would write differently from `write`: non-finite numbers (null),
 * holes and undefined (null, or dropped), non-JSON values, keys that are array indices (an
 * object lists those first, in numeric order, where canonical order is by code units) and
 * the key `__proto__`. Those values go to `write`, which is slower, not different.
 */
function sorted(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError();
      return value;
    case 'object': {
      if (value === null) return null;
      if (depth > FAST_DEPTH) throw new RangeError();
      if (Array.isArray(value)) {
        let copy: unknown[] | undefined;
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) throw new TypeError();
          const item: unknown = value[i];
          const written = sorted(item, depth + 1);
          if (written !== item && copy === undefined) copy = value.slice(0, i);
          if (copy !== undefined) copy.push(written);
        }
        return copy ?? value;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new TypeError();
      const record = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units: exactly RFC 8785 §3.2.3.
      const keys = Object.keys(record).sort();
      const copy: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const first = key.charCodeAt(0);
        if ((first >= 48 && first <= 57 && ARRAY_INDEX.test(key)) || key === '__proto__') {
          throw new TypeError(); // '__proto__' would set the copy's prototype, not a key
        }
        copy[key] = sorted(record[key], depth + 1);
      }
      return copy;
    }
    case 'bigint':
    case 'undefined':
    case 'function':
    case 'symbol':
      throw new TypeError();
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Where in the value a refused part sits, e.g. `$.data.items[2]`. Joined only to report. */
type Path = readonly (string | number)[];
function at(path: Path): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : p === '$' ? p : `.${p}`)).join('');
}

function writeString(text: string, path: Path): string {
  const json = JSON.stringify(text);
  // Well-formed JSON.stringify writes a lone surrogate as a `\udxxx` escape, so only output
  // holding one can hide one; the exact test runs only then (it is the slow part). RFC 8785
  // rests on I-JSON, which forbids lone surrogates: refuse rather than guess.
  if (json.includes('\\ud') && LONE_SURROGATE.test(text)) {
    throw new TypeError(`${at(path)}: a lone surrogate has no canonical form`);
  }
  return json;
}

/** The same text as the fast path, written member by member, naming the path of what it refuses. */
export function canonicalJsonWithPaths(value: unknown): string {
  return write(value, ['$']);
}

// Plain string concatenation: V8 builds it as a rope, faster than collecting parts and
// joining. This runs for every appended event, so its speed is append throughput.
function write(value: unknown, path: Path): string {
  switch (typeof value) {
    case 'string':
      return writeString(value, path);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError(`${at(path)}: ${value} is not a JSON number`);
      // ECMAScript Number::toString, as RFC 8785 §3.2.2.3 prescribes; JSON.stringify maps -0 to "0".
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += write(value[i], [...path, i]);
        }
        return out + ']';
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`${at(path)}: only plain objects have a canonical JSON form`);
      }
      const record = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units: exactly RFC 8785 §3.2.3.
      const keys = Object.keys(record).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (i > 0) out += ',';
        out += writeString(key, path) + ':' + write(record[key], [...path, key]);
      }
      return out + '}';
    }
    case 'bigint':
    case 'undefined':
    case 'function':
    case 'symbol':
      throw new TypeError(`${at(path)}: a ${typeof value} is not JSON`);
  }
}

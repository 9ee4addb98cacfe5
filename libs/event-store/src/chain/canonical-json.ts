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
  const out: string[] = [];
  write(value, out, '$');
  return out.join('');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function writeString(text: string, out: string[], path: string): void {
  // RFC 8785 §3.2.2.2 rests on I-JSON, which forbids lone surrogates: refuse rather than guess.
  if (LONE_SURROGATE.test(text))
    throw new TypeError(`${path}: a lone surrogate has no canonical form`);
  out.push(JSON.stringify(text));
}

function write(value: unknown, out: string[], path: string): void {
  switch (typeof value) {
    case 'string':
      writeString(value, out, path);
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} is not a JSON number`);
      // ECMAScript Number::toString, as RFC 8785 §3.2.2.3 prescribes; JSON.stringify maps -0 to "0".
      out.push(JSON.stringify(value));
      return;
    case 'object': {
      if (value === null) {
        out.push('null');
        return;
      }
      if (Array.isArray(value)) {
        out.push('[');
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out.push(',');
          write(value[i], out, `${path}[${i}]`);
        }
        out.push(']');
        return;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`${path}: only plain objects have a canonical JSON form`);
      }
      const record = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units: exactly RFC 8785 §3.2.3.
      const keys = Object.keys(record).sort();
      out.push('{');
      keys.forEach((key, i) => {
        if (i > 0) out.push(',');
        writeString(key, out, path);
        out.push(':');
        write(record[key], out, `${path}.${key}`);
      });
      out.push('}');
      return;
    }
    case 'bigint':
    case 'undefined':
    case 'function':
    case 'symbol':
      throw new TypeError(`${path}: a ${typeof value} is not JSON`);
  }
}

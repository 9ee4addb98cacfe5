import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  GraphQLField,
  GraphQLInputType,
  GraphQLOutputType,
  GraphQLSchema,
  Kind,
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { OPERATION_POLICY, TokenRequest } from '@ledger/auth';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { RunningApp, startStandalone } from '../support/standalone-app';
import { AssessmentReadModels } from '../../apps/assessment/src/read-models/assessment-read-models';

/**
 * Random and hostile requests through the gateway (and a few straight at the subgraphs):
 * mutations of every supergraph operation with broken variables, abusive query shapes,
 * garbage bodies and transports. Whatever comes in, the ledger answers (no 5xx) within a
 * bound (no hang), says nothing about its insides (masked errors) and records nothing for
 * a request it refused: the store's global head stays where it was.
 */
const supergraph = readFileSync(join(__dirname, '../../apps/gateway/supergraph.graphql'), 'utf8');
const schema: GraphQLSchema = buildSchema(supergraph, { assumeValidSDL: true });

/** FUZZ_RUNS=10 multiplies every property's runs for a longer hunt; the default stays quick. */
const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? '1'));
/** FUZZ_SURVEY=1 lists every distinct defect at the end instead of stopping at the first. */
const SURVEY = process.env.FUZZ_SURVEY === '1';
/** A request must be answered within this; the gateway plans and validates before any work. */
const REQUEST_TIMEOUT_MS = 5_000;
/** What an error response must never carry: stacks, SQL, file paths (see maskError). */
const LEAKS = ['stack', 'SELECT', 'INSERT', '/work', 'node_modules'];
/** Sent values must not contain a leak word, or an echo of the value would look like a leak. */
const clean = (s: string): boolean => !LEAKS.some((word) => s.includes(word));

interface Operation {
  kind: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
  subgraph: string;
}

function operations(kind: 'query' | 'mutation'): Operation[] {
  const type = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
  return Object.values(type?.getFields() ?? {})
    .filter((field) => !field.name.startsWith('_'))
    .map((field) => {
      const joined = field.astNode?.directives?.find((d) => d.name.value === 'join__field');
      const graph = joined?.arguments?.find((a) => a.name.value === 'graph')?.value;
      return {
        kind,
        field,
        subgraph: graph && graph.kind === Kind.ENUM ? graph.value.toLowerCase() : '',
        // A counterexample names the operation, not the whole schema object.
        ...{ [fc.toStringMethod]: () => `${kind} ${field.name}` },
      };
    });
}
const MUTATIONS = operations('mutation');
const QUERIES = operations('query');

/** Scalars and one level of objects below: enough to make the subgraph resolve real rows. */
function selectionOf(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (!isObjectType(named)) return '';
  const parts: string[] = [];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type))) continue;
    const inner = getNamedType(field.type);
    if (isScalarType(inner) || isEnumType(inner)) parts.push(field.name);
    else if (depth < 1) {
      const nested = selectionOf(field.type, depth + 1);
      if (nested) parts.push(`${field.name}${nested}`);
    }
  }
  return parts.length > 0 ? ` { ${parts.join(' ')} }` : ' { __typename }';
}

/** The operation with every argument passed as a variable (optional ones too). */
function documentOf(op: Operation): string {
  const args = op.field.args;
  const declared = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const passed = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${op.kind} Fuzz${declared ? `(${declared})` : ''} { ${op.field.name}${passed ? `(${passed})` : ''}${selectionOf(op.field.type)} }`;
}

let keys = 0;
/** A fresh, well-formed idempotency key: a broken request must not fail on a replay instead. */
const freshKey = (): string => `fuzz-${process.pid}-${Date.now().toString(36)}-${++keys}`;

/** Values a domain would accept, by field name: the hostile parts are then set on top. */
/** `full`: optional input fields too (filters), for sweeps over every text a caller can send. */
function plausible(
  name: string,
  type: GraphQLInputType,
  ctx: { projectId: string; full?: boolean },
): unknown {
  if (isNonNullType(type)) return plausible(name, type.ofType, ctx);
  if (isListType(type)) {
    const item = plausible(name, type.ofType, ctx);
    return item === undefined ? [] : [item];
  }
  if (isEnumType(type)) {
    if (name === 'source') return 'special_bonds';
    return type.getValues()[0]!.value;
  }
  if (isInputObjectType(type)) {
    if (name === 'quantities') return undefined;
    const entries = Object.values(type.getFields())
      .filter(
        (f) =>
          isNonNullType(f.type) ||
          f.name === 'reason' ||
          f.name === 'problems' ||
          (ctx.full === true && name !== 'asOf'),
      )
      .filter((f) => !(name === 'asOf' && f.name === 'recordedAt'))
      .map((f) => [f.name, plausible(f.name, f.type, ctx)] as const)
      .filter(([, v]) => v !== undefined);
    return Object.fromEntries(entries);
  }
  switch (name) {
    case 'idempotencyKey':
      return freshKey();
    case 'projectId':
      return ctx.projectId;
    case 'plannedEnd':
      return '2022-12-31';
    case 'adjustedOn':
    case 'approvedOn':
    case 'paidOn':
    case 'plannedOn':
    case 'metOn':
    case 'ratedOn':
    case 'date':
    case 'plannedStart':
    case 'validAt':
      return '2021-06-01';
    case 'plannedTotalInvestment':
    case 'approvedInvestment':
    case 'amount':
    case 'investmentInMonth':
    case 'cumulativeInvestment':
      return '1000.00';
    case 'physicalProgressPercent':
      return '10.00';
    case 'period':
    case 'through':
    case 'from':
    case 'to':
      return '2021-06';
    case 'year':
      return 2021;
    case 'first':
      return 5;
    case 'nameZh':
      return '模糊测试供热管网工程';
    case 'networkCode':
      return 'municipal';
    case 'categoryCode':
      return 'heating';
    case 'regionCode':
      return 'changchun';
    case 'disbursementId':
      return `PAY-${freshKey()}`;
    default:
      if (isScalarType(type) && type.name === 'Int') return 1;
      if (isScalarType(type) && type.name === 'Boolean') return false;
      return '模糊测试 fuzz';
  }
}

/** A hostile value, labelled so that a counterexample prints short (no 100k strings). */
interface Hostile {
  label: string;
  value: () => unknown;
}
const hostile = (label: string, value: unknown): Hostile => ({
  label,
  value: () => value,
  // fast-check prints counterexamples with this: the label, never the value itself.
  ...{ [fc.toStringMethod]: () => label },
});
const huge = (unit: string, times: number): Hostile => ({
  label: `${JSON.stringify(unit)}×${times}`,
  value: () => unit.repeat(times),
  ...{ [fc.toStringMethod]: () => `${JSON.stringify(unit)}×${times}` },
});

/** Values of the wrong type: GraphQL's variable coercion refuses these before any resolver. */
const WRONG_TYPE: fc.Arbitrary<Hostile> = fc.oneof(
  // Wrong types and nulls for required fields.
  fc.constantFrom(
    hostile('null', null),
    hostile('true', true),
    hostile('{}', {}),
    hostile('[]', []),
    hostile('[[["x"]]]', [[['x']]]),
    hostile('{nested}', { nested: { deeper: [1, 'x', null] } }),
  ),
  fc.integer().map((n) => hostile(`int ${n}`, n)),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => hostile(`double ${n}`, n)),
  // Numbers GraphQL's Int cannot hold, and years and counts nobody means.
  fc
    .constantFrom(2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, -1, 0, 1e308, -1e-308, 1.5)
    .map((n) => hostile(`number ${n}`, n)),
  // Prototype pollution shaped objects.
  fc.constant(hostile('{__proto__}', JSON.parse('{"__proto__": {"polluted": true}}') as unknown)),
);

/** Strings, mostly: they pass GraphQL and reach the services' own checks of values. */
const HOSTILE_TEXT: fc.Arbitrary<Hostile> = fc.oneof(
  // Dates that do not exist or are not YYYY-MM-DD / YYYY-MM.
  fc
    .constantFrom(
      '2021-02-30',
      '2021-02-29',
      '2021-13-01',
      '2021-00-10',
      '0000-01-01',
      '9999-12-31',
      '2021-6-1',
      '2021-06-01T00:00:00Z',
      '21-06-01',
      '2021-13',
      '2021-00',
      '1900-01',
      '',
      ' ',
    )
    .map((s) => hostile(JSON.stringify(s), s)),
  // Money with three decimals, signs, exponents, other digits, absurd magnitudes.
  fc
    .constantFrom(
      '1.001',
      '-1.00',
      '0.00',
      '1e3',
      '0x10',
      'Infinity',
      'NaN',
      '１２３.００',
      '1,000.00',
      '99999999999999999999999999999999999.99',
      '.5',
      '1.',
      '+1.00',
      ' 1.00',
      '-0',
      '100.5',
      '101',
    )
    .map((s) => hostile(JSON.stringify(s), s)),
  // Control characters, lone surrogates, bidi overrides, injection-shaped text.
  fc
    .constantFrom(
      '\u0000',
      'a\u0000b',
      '\u001b[31mred',
      '\u202eevil',
      '\ud800',
      'x\udfffy',
      '\uffff',
      '😀'.repeat(300),
      'Z̵̡̢̛̖͎͙̮̤̱̺̹̜̪̹̝̳͖̬'.repeat(20),
      "'; DROP TABLE events; --",
      '" OR 1=1 --',
      '${jndi:ldap://x}',
      '../../etc/passwd',
      '<script>alert(1)</script>',
      '%s%n%x',
      '__proto__',
      'constructor',
    )
    .map((s) => hostile(JSON.stringify(s), s)),
  fc
    .string({ unit: 'binary', maxLength: 40 })
    .filter(clean)
    .map((s) => hostile(JSON.stringify(s), s)),
  // Oversized strings: long enough for every length check, short enough for the body limit.
  fc.integer({ min: 201, max: 40_000 }).map((n) => huge('x', n)),
  fc.integer({ min: 2_001, max: 20_000 }).map((n) => huge('长', n)),
  // 100k+: over the body limit (413 is an answer, not a fault).
  fc.integer({ min: 100_001, max: 160_000 }).map((n) => huge('y', n)),
);

const HOSTILE: fc.Arbitrary<Hostile> = fc.oneof(
  { weight: 4, arbitrary: HOSTILE_TEXT },
  { weight: 1, arbitrary: WRONG_TYPE },
);

/** Every place a value can be set: each variable, each input field, each list item. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  }
  return out;
}

/** Sets, or with `undefined` removes, the value at a path (a copy; the input stays). */
function setAt(root: unknown, path: Array<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...(root as unknown[])];
    copy[head as number] = setAt(copy[head as number], rest, value);
    return copy;
  }
  const copy = { ...(root as Record<string, unknown>) };
  if (value === undefined && rest.length === 0) delete copy[head as string];
  else copy[head as string] = setAt(copy[head as string], rest, value);
  return copy;
}

interface Corruption {
  /** Index into the variables' paths (modulo their count). */
  at: number;
  how: 'replace' | 'remove' | 'unknown field';
  value: Hostile;
}

const CORRUPTION: fc.Arbitrary<Corruption> = fc.record({
  at: fc.nat(),
  // Mostly replaced values: a missing or unknown field never gets past GraphQL's coercion.
  how: fc.oneof(
    { weight: 6, arbitrary: fc.constant<Corruption['how']>('replace') },
    { weight: 1, arbitrary: fc.constant<Corruption['how']>('remove') },
    { weight: 1, arbitrary: fc.constant<Corruption['how']>('unknown field') },
  ),
  value: HOSTILE,
});

function corrupt(variables: Record<string, unknown>, corruptions: Corruption[]): unknown {
  let out: unknown = variables;
  for (const c of corruptions) {
    const all = paths(out);
    if (all.length === 0) continue;
    const path = all[c.at % all.length]!;
    if (c.how === 'replace') out = setAt(out, path, c.value.value());
    else if (c.how === 'remove') out = setAt(out, path, undefined);
    else out = setAt(out, [...path.slice(0, -1), `unknown_${c.at % 97}`], c.value.value());
  }
  return out;
}

/** Who sends it: mostly a role that may, so the request reaches the domain's own checks. */
const WHO: Record<string, TokenRequest | null> = {
  planning_office: { role: 'planning_office', subject: 'fuzz' },
  'region changchun': { role: 'region', region: 'changchun', subject: 'fuzz' },
  'lead_department housing': {
    role: 'lead_department',
    department: 'housing-urban-rural-department',
    subject: 'fuzz',
  },
  supervisor: { role: 'supervisor', subject: 'fuzz' },
  auditor: { role: 'auditor', subject: 'fuzz' },
  'no token': null,
};

/** An abusive query shape and the limit that must refuse it (null: no particular refusal is required; the answer must still be sane, in time and record nothing). */
interface Shape {
  label: string;
  /** The JSON body as sent. */
  body: string;
  limit: 'QUERY_TOO_DEEP' | 'TOO_MANY_ALIASES' | 'QUERY_TOO_COSTLY' | null;
}
const shape = (label: string, query: string, limit: Shape['limit']): Shape => ({
  label,
  body: JSON.stringify({ query }),
  limit,
  ...{ [fc.toStringMethod]: () => label },
});
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Introspection is the one thing that nests without end (__Type.ofType). */
const deepIntrospection = (depth: number): string => {
  const k = depth - 5;
  return `{ __schema { types { fields { type ${'{ ofType '.repeat(k)}{ name }${' }'.repeat(k)} } } } }`;
};
const deepUnknown = (depth: number): string =>
  `{ ${range(depth)
    .map((i) => `f${i}`)
    .join(' { ')}${' }'.repeat(depth - 1)} }`;
/** The same depth spread over a chain of fragments, one level each. */
const deepFragments = (depth: number): string => {
  const n = depth - 2;
  const fragments = range(n).map((i) =>
    i === n - 1
      ? `fragment F${i} on __Type { ofType { name } }`
      : `fragment F${i} on __Type { ofType { ...F${i + 1} } }`,
  );
  return `{ __type(name: "Project") { ...F0 } } ${fragments.join(' ')}`;
};
const aliases = (n: number): string =>
  `{ ${range(n)
    .map((i) => `a${i}: ledgerStatus { adapter }`)
    .join(' ')} }`;
const PROJECT_FIELDS =
  'projectId nameZh nameEn networkCode categoryCode regionCodes tags responsibleUnit status version';
/** Pages of 100 projects under as many aliases as allowed: each alias costs ~1,200 fields. */
const costlyPages = (n: number): string =>
  `{ ${range(n)
    .map((i) => `p${i}: projects(first: 100) { edges { node { ${PROJECT_FIELDS} } } }`)
    .join(' ')} }`;
const hugePage = (first: number): string =>
  `{ projects(first: ${first}) { edges { node { projectId } } } }`;

const SHAPES: fc.Arbitrary<Shape> = fc.oneof(
  fc
    .integer({ min: 11, max: 80 })
    .map((d) => shape(`introspection ${d} deep`, deepIntrospection(d), 'QUERY_TOO_DEEP')),
  fc
    .integer({ min: 11, max: 200 })
    .map((d) => shape(`unknown fields ${d} deep`, deepUnknown(d), 'QUERY_TOO_DEEP')),
  fc
    .integer({ min: 11, max: 200 })
    .map((d) => shape(`fragment chain ${d} deep`, deepFragments(d), 'QUERY_TOO_DEEP')),
  fc
    .integer({ min: 31, max: 1_500 })
    .map((n) => shape(`${n} aliases`, aliases(n), 'TOO_MANY_ALIASES')),
  fc
    .integer({ min: 20, max: 30 })
    .map((n) => shape(`${n} aliased pages of 100`, costlyPages(n), 'QUERY_TOO_COSTLY')),
  fc
    .integer({ min: 7_000, max: 2 ** 31 - 1 })
    .map((n) => shape(`a page of ${n}`, hugePage(n), 'QUERY_TOO_COSTLY')),
  // Valid but wide: the same field thousands of times makes field merging quadratic.
  fc
    .integer({ min: 100, max: 12_000 })
    .map((n) => shape(`adapter ×${n}`, `{ ledgerStatus { ${'adapter '.repeat(n)}} }`, null)),
  fc
    .integer({ min: 100, max: 3_500 })
    .map((n) => shape(`ledgerStatus ×${n}`, `{ ${'ledgerStatus { adapter } '.repeat(n)}}`, null)),
  fc
    .integer({ min: 2, max: 5_000 })
    .map((n) =>
      shape(
        `@include ×${n}`,
        `{ ledgerStatus ${'@include(if: true) '.repeat(n)}{ adapter } }`,
        null,
      ),
    ),
  fc.integer({ min: 2, max: 2_000 }).map((n) =>
    shape(
      `${n} anonymous operations`,
      range(n)
        .map(() => '{ ledgerStatus { adapter } }')
        .join(' '),
      null,
    ),
  ),
  fc.constant(
    shape(
      'fragment cycle',
      '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }',
      null,
    ),
  ),
  // A fragment spread twice at every level: 2^n fields if expanded naively.
  fc.integer({ min: 5, max: 40 }).map((n) =>
    shape(
      `fragment fan-out 2^${n}`,
      `{ ...L0 } ${range(n)
        .map((i) =>
          i === n - 1
            ? `fragment L${i} on Query { ledgerStatus { adapter } }`
            : `fragment L${i} on Query { ...L${i + 1} ...L${i + 1} }`,
        )
        .join(' ')}`,
      null,
    ),
  ),
  // Written by hand: JSON.stringify itself overflows the stack on a few thousand levels.
  fc.integer({ min: 100, max: 20_000 }).map((n) => ({
    label: `variables nested ${n} deep`,
    body: `{"query":"{ ledgerStatus { adapter } }","variables":{"x":${'['.repeat(n)}"x"${']'.repeat(n)}}}`,
    limit: null,
    ...{ [fc.toStringMethod]: () => `variables nested ${n} deep` },
  })),
);

/** Bodies, content types and methods nobody should send. */
interface Garbage {
  label: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  query?: string;
}
const garbage = (g: Garbage): Garbage => ({ ...g, ...{ [fc.toStringMethod]: () => g.label } });
const anyText = fc.string({ unit: 'binary', maxLength: 200 }).filter(clean);
const JSON_TYPE = { 'content-type': 'application/json' };

const GARBAGE: fc.Arbitrary<Garbage> = fc.oneof(
  anyText.map((t) =>
    garbage({ label: `raw ${JSON.stringify(t)}`, method: 'POST', headers: JSON_TYPE, body: t }),
  ),
  fc.jsonValue().map((v) =>
    garbage({
      label: `JSON ${JSON.stringify(v).slice(0, 80)}`,
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify(v),
    }),
  ),
  anyText.map((t) =>
    garbage({
      label: `query text ${JSON.stringify(t)}`,
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ query: t }),
    }),
  ),
  fc
    .tuple(fc.jsonValue(), fc.jsonValue(), fc.jsonValue())
    .map(([query, variables, operationName]) =>
      garbage({
        label: `fields of any type ${JSON.stringify({ query, variables, operationName }).slice(0, 80)}`,
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ query, variables }),
      }),
    ),
  fc.tuple(anyText, fc.jsonValue()).map(([operationName, variables]) =>
    garbage({
      label: `operationName ${JSON.stringify(operationName)}`,
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({
        query: 'query A { ledgerStatus { adapter } }',
        operationName,
        variables,
      }),
    }),
  ),
  fc
    .tuple(
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/graphql',
        'application/xml',
        'application/json; charset=utf-16',
        '',
      ),
      fc.boolean(),
    )
    .map(([type, preflight]) =>
      garbage({
        label: `content-type "${type}"${preflight ? ' with preflight header' : ''}`,
        method: 'POST',
        headers: {
          'content-type': type,
          ...(preflight ? { 'apollo-require-preflight': 'true' } : {}),
        },
        body: JSON.stringify({ query: 'mutation { checkRisks }' }),
      }),
    ),
  fc
    .tuple(
      fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
      anyText,
      fc.boolean(),
    )
    .map(([method, t, mutation]) =>
      garbage({
        label: `${method} ?query=${mutation ? 'a mutation' : JSON.stringify(t)}`,
        method,
        headers: { 'apollo-require-preflight': 'true' },
        query: `?query=${encodeURIComponent(mutation ? 'mutation { checkRisks }' : t)}`,
      }),
    ),
  fc
    .oneof(
      anyText.map((t) => `Bearer ${t}`),
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        'Basic Zm9vOmJhcg==',
        'bearer x.y.z',
        `Bearer ${'a'.repeat(8_000)}`,
      ),
    )
    .filter((h) => /^[\x20-\x7e]*$/.test(h))
    .map((authorization) =>
      garbage({
        label: `authorization ${JSON.stringify(authorization.slice(0, 60))}`,
        method: 'POST',
        headers: { ...JSON_TYPE, authorization },
        body: JSON.stringify({ query: 'mutation { checkRisks }' }),
      }),
    ),
);

interface Outcome {
  status: number;
  text: string;
  json: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message?: string; extensions?: Record<string, unknown> }>;
  } | null;
  ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const codesOf = (o: Outcome): string[] =>
  (o.json?.errors ?? []).map((e) => {
    const code = e.extensions?.code;
    return typeof code === 'string' ? code : '';
  });

describe('fuzz: hostile requests through the gateway', () => {
  let running: RunningApp;
  let store: EventStore;
  let base: string;
  const tokens = new Map<string, string>();
  const projectId = `fuzz-${process.pid}`;
  /** Set after an accepted command: the risk assessor may still append in the background. */
  let unsettled = true;
  const tally = {
    requests: 0,
    refused: 0,
    accepted: 0,
    byStatus: new Map<number, number>(),
    byCode: new Map<string, number>(),
  };

  /** The head once the background work (projections, risk checks) has stopped moving. */
  async function head(): Promise<bigint | null> {
    let last = await store.headPosition();
    if (!unsettled) return last;
    for (;;) {
      await sleep(250);
      const now = await store.headPosition();
      if (now === last) break;
      last = now;
    }
    unsettled = false;
    return last;
  }

  async function send(
    init: { method?: string; headers?: Record<string, string>; body?: string },
    options: { url?: string; as?: string | null; query?: string } = {},
  ): Promise<Outcome> {
    const who = options.as === undefined ? 'planning_office' : options.as;
    const token = who === null ? undefined : tokens.get(who);
    const started = performance.now();
    const target = `${options.url ?? running.url}${options.query ?? ''}`;
    let response: Response;
    try {
      response = await fetch(target, {
        method: init.method ?? 'POST',
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(init.headers ?? JSON_TYPE),
        },
        ...(init.body !== undefined ? { body: init.body } : {}),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new Error(
        `no answer within ${REQUEST_TIMEOUT_MS} ms (${String(error)}) to ${init.method ?? 'POST'} ${target} ${(init.body ?? '').slice(0, 300)}`,
      );
    }
    const text = await response.text();
    let json: Outcome['json'] = null;
    try {
      json = JSON.parse(text) as Outcome['json'];
    } catch {
      json = null;
    }
    const outcome: Outcome = {
      status: response.status,
      text,
      json,
      ms: performance.now() - started,
    };
    tally.requests += 1;
    tally.byStatus.set(outcome.status, (tally.byStatus.get(outcome.status) ?? 0) + 1);
    for (const code of codesOf(outcome)) tally.byCode.set(code, (tally.byCode.get(code) ?? 0) + 1);
    return outcome;
  }

  const survey = new Map<string, string>();
  /** A defect: fails the property, or in a survey is noted once per kind and the hunt goes on. */
  function problem(kind: string, detail: string): void {
    if (!SURVEY) throw new Error(`${kind}\n${detail}`);
    if (!survey.has(kind)) survey.set(kind, detail);
  }

  /** What every answer must be, whatever was asked. */
  function expectSane(outcome: Outcome, request: string): void {
    const where = `request: ${request.slice(0, 400)}\nresponse ${outcome.status}: ${outcome.text.slice(0, 600)}`;
    // One line per kind of defect in a survey: the request's first words, values blanked.
    const kind = request
      .split('\n')[0]!
      .replace(/ with .*/, '')
      .replace(/".*$/, '"…"')
      .replace(/\d+/g, 'N')
      .slice(0, 60);
    if (outcome.status >= 500) problem(`a ${outcome.status}: ${kind}`, where);
    // A masked fault is still a fault: hostile input must be answered as bad input.
    else if (codesOf(outcome).includes('INTERNAL_SERVER_ERROR'))
      problem(`an internal error: ${kind}`, where);
    const failed = outcome.status !== 200 || (outcome.json?.errors?.length ?? 0) > 0;
    if (failed) {
      const leak = LEAKS.find((word) => outcome.text.includes(word));
      if (leak) problem(`the error response shows "${leak}": ${kind}`, where);
    }
  }

  /** Nothing of it came back as data (for a command: it was refused). */
  function refused(outcome: Outcome, field?: string): boolean {
    const data = outcome.json?.data;
    if (outcome.status !== 200 || !data) return true;
    return field !== undefined && (data[field] === null || data[field] === undefined);
  }

  async function expectHeadStill(before: bigint | null, request: string, outcome: Outcome) {
    const after = await store.headPosition();
    if (after === before) return;
    const appended = await store.readAll(before === null ? {} : { after: before });
    problem(
      `refused, yet recorded: ${request.split('\n')[0]!.slice(0, 60)}`,
      `the head moved ${before} → ${after} (${appended.map((e) => `${e.type} by ${e.metadata.actor}`).join('; ')})\nrequest: ${request.slice(0, 400)}\nresponse: ${outcome.text.slice(0, 400)}`,
    );
  }

  beforeAll(async () => {
    running = await startStandalone();
    store = running.app.get<EventStore>(EVENT_STORE);
    base = running.url.replace(/\/graphql$/, '');
    for (const [label, request] of Object.entries(WHO)) {
      if (request) tokens.set(label, await running.token(request));
    }
    // One approved municipal project in Changchun: the commands about a project get past
    // "no such project" and "not approved yet" to the checks of their values.
    const office = { role: 'planning_office' as const };
    const proposed = await running.graphql(
      `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
      {
        input: {
          idempotencyKey: `fuzz-propose-${process.pid}`,
          projectId,
          nameZh: '长春市模糊测试供热管网改造工程',
          networkCode: 'municipal',
          categoryCode: 'heating',
          regionCode: 'changchun',
          responsibleUnit: '长春热力集团',
          constructionNature: 'reconstruction',
          plannedTotalInvestment: '100000000.00',
          fundingPlan: [{ source: 'special_bonds', amount: '100000000.00' }],
          plannedStart: '2021-01-01',
          plannedEnd: '2022-12-31',
          annualInvestmentPlan: [{ year: 2021, amount: '100000000.00' }],
        },
      },
      office,
    );
    expect(proposed.errors).toBeUndefined();
    const approved = await running.graphql(
      `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }`,
      {
        input: {
          idempotencyKey: `fuzz-approve-${process.pid}`,
          projectId,
          authority: '省发展改革委',
          documentNumber: '吉发改审批〔2021〕1号',
          approvedInvestment: '100000000.00',
          approvedOn: '2021-01-01',
        },
      },
      office,
    );
    expect(approved.errors).toBeUndefined();
    // The approval's consequences elsewhere (assessment flags the project's network and region
    // for debt concentration) are recorded before the fuzz begins: a write of theirs landing
    // during a fuzzed request would read as that request's. Quiet: the assessment read models
    // have the head, and nothing was appended for half a second after.
    const assessment = running.app.get(AssessmentReadModels);
    for (
      let head = await store.headPosition(), rounds = 0;
      head !== null && rounds < 30;
      rounds++
    ) {
      await assessment.facts.waitFor(head).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const now = await store.headPosition();
      if (now === head) break;
      head = now;
    }
  }, 120_000);

  afterAll(async () => {
    await running?.close();
    for (const [kind, detail] of survey) process.stdout.write(`DEFECT ${kind}\n${detail}\n\n`);
    // The counts a reviewer wants: how much was thrown at it and how it answered.
    process.stdout.write(
      `fuzz: ${tally.requests} requests; commands refused ${tally.refused}, accepted ${tally.accepted}; statuses ${JSON.stringify(Object.fromEntries(tally.byStatus))}; codes ${JSON.stringify(Object.fromEntries(tally.byCode))}\n`,
    );
  });

  it('enumerates every mutation of the supergraph', () => {
    expect(MUTATIONS.length).toBeGreaterThan(10);
    expect(MUTATIONS.every((op) => OPERATION_POLICY[`Mutation.${op.field.name}`])).toBe(true);
  });

  it('answers random mutations with hostile variables: no 5xx, no hang, nothing recorded when refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...MUTATIONS),
        // The role that may, most of the time; any other (or none) otherwise.
        fc.oneof(
          { weight: 4, arbitrary: fc.constant('allowed') },
          { weight: 1, arbitrary: fc.constantFrom(...Object.keys(WHO)) },
        ),
        fc.array(CORRUPTION, { minLength: 1, maxLength: 3 }),
        async (op, role, corruptions) => {
          const name = op.field.name;
          const who =
            role === 'allowed'
              ? OPERATION_POLICY[`Mutation.${name}`]!.includes('planning_office')
                ? 'planning_office'
                : 'region changchun'
              : role;
          const variables = Object.fromEntries(
            op.field.args
              .map((a) => [a.name, plausible(a.name, a.type, { projectId })] as const)
              .filter(([, v]) => v !== undefined),
          );
          const body = JSON.stringify({
            query: documentOf(op),
            variables: corrupt(variables, corruptions),
          });
          const label = `${name} as ${who} with ${corruptions.map((c) => `${c.how} #${c.at} ${c.value.label}`).join(', ')}`;
          const before = await head();
          const outcome = await send({ body }, { as: who === 'no token' ? null : who });
          expectSane(outcome, `${label}\n${body}`);
          if (refused(outcome, name)) {
            tally.refused += 1;
            await expectHeadStill(before, `${label}\n${body}`, outcome);
          } else {
            tally.accepted += 1;
            unsettled = true;
          }
        },
      ),
      { numRuns: 120 * RUNS },
    );
  }, 120_000);

  it('answers every query of the supergraph with hostile arguments and records nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...QUERIES),
        fc.constantFrom('planning_office', 'supervisor', 'auditor', 'region changchun'),
        fc.array(CORRUPTION, { minLength: 0, maxLength: 3 }),
        async (op, who, corruptions) => {
          const variables = Object.fromEntries(
            op.field.args
              .map((a) => [a.name, plausible(a.name, a.type, { projectId })] as const)
              .filter(([, v]) => v !== undefined),
          );
          const body = JSON.stringify({
            query: documentOf(op),
            variables: corrupt(variables, corruptions),
          });
          const label = `${op.field.name} as ${who} with ${corruptions.map((c) => `${c.how} #${c.at} ${c.value.label}`).join(', ')}`;
          const before = await head();
          const outcome = await send({ body }, { as: who });
          expectSane(outcome, `${label}\n${body}`);
          // A query never records anything, answered or not.
          await expectHeadStill(before, `${label}\n${body}`, outcome);
        },
      ),
      { numRuns: 50 * RUNS },
    );
  }, 120_000);

  it('refuses abusive query shapes (deep, aliased, costly, wide, fragment tricks) in time', async () => {
    await fc.assert(
      fc.asyncProperty(SHAPES, fc.constantFrom('gateway', 'planning', 'audit'), async (s, via) => {
        const url = via === 'gateway' ? running.url : `${base}/subgraphs/${via}/graphql`;
        const body = s.body;
        const before = await head();
        const outcome = await send({ body }, { url });
        expectSane(outcome, `${s.label} via ${via}`);
        if (s.limit !== null && !refused(outcome)) {
          throw new Error(`${s.label} via ${via} was answered: ${outcome.text.slice(0, 300)}`);
        }
        await expectHeadStill(before, `${s.label} via ${via}`, outcome);
      }),
      { numRuns: 50 * RUNS },
    );
  }, 120_000);

  it('answers garbage bodies, content types, methods and tokens without a 5xx or a write', async () => {
    await fc.assert(
      fc.asyncProperty(GARBAGE, async (g) => {
        const before = await head();
        const outcome = await send(
          {
            method: g.method,
            headers: g.headers,
            ...(g.body !== undefined ? { body: g.body } : {}),
          },
          {
            as: g.headers.authorization ? null : 'planning_office',
            ...(g.query ? { query: g.query } : {}),
          },
        );
        expectSane(outcome, `${g.label}: ${g.method} ${g.query ?? ''} ${g.body ?? ''}`);
        // checkRisks is the one command that needs no input; it may only run when allowed.
        if (!refused(outcome, 'checkRisks')) unsettled = true;
        else await expectHeadStill(before, g.label, outcome);
      }),
      { numRuns: 60 * RUNS },
    );
  }, 120_000);

  describe('the limits answer with their own codes', () => {
    const cases: Array<[string, string, string]> = [
      ['QUERY_TOO_DEEP', 'introspection 12 deep', deepIntrospection(12)],
      ['QUERY_TOO_DEEP', 'a fragment chain 12 deep', deepFragments(12)],
      ['TOO_MANY_ALIASES', '31 aliases', aliases(31)],
      ['QUERY_TOO_COSTLY', '25 aliased pages of 100 projects', costlyPages(25)],
      ['QUERY_TOO_COSTLY', 'a page of 100,000 projects', hugePage(100_000)],
    ];
    it.each(
      cases.flatMap(([code, label, query]) =>
        ['gateway', 'planning'].map((via) => [code, label, via, query] as const),
      ),
    )('%s: %s (%s)', async (code, _label, via, query) => {
      const url = via === 'gateway' ? running.url : `${base}/subgraphs/${via}/graphql`;
      const outcome = await send({ body: JSON.stringify({ query }) }, { url });
      expectSane(outcome, query);
      expect(refused(outcome)).toBe(true);
      expect(codesOf(outcome)).toContain(code);
    });

    it('lets what is just within the limits through', async () => {
      for (const query of [deepIntrospection(10), aliases(30), costlyPages(10)]) {
        const outcome = await send({ body: JSON.stringify({ query }) });
        expect({ query: query.slice(0, 80), errors: outcome.json?.errors }).toEqual({
          query: query.slice(0, 80),
          errors: undefined,
        });
      }
    });
  });

  it('answers a NUL byte in any text argument of any operation as bad input, never a fault', async () => {
    // PostgreSQL text cannot hold NUL: a value that reaches SQL unchecked becomes a fault.
    const label: Record<string, string> = {
      planning_office: 'planning_office',
      region: 'region changchun',
      lead_department: 'lead_department housing',
      supervisor: 'supervisor',
      auditor: 'auditor',
    };
    const faults: string[] = [];
    for (const op of [...QUERIES, ...MUTATIONS]) {
      const roles =
        OPERATION_POLICY[`${op.kind === 'query' ? 'Query' : 'Mutation'}.${op.field.name}`];
      const who = label[roles?.[0] ?? 'planning_office']!;
      const variables = Object.fromEntries(
        op.field.args
          .map((a) => [a.name, plausible(a.name, a.type, { projectId, full: true })] as const)
          .filter(([, v]) => v !== undefined),
      );
      for (const path of paths(variables)) {
        let value: unknown = variables;
        for (const step of path) value = (value as Record<string | number, unknown>)[step];
        if (typeof value !== 'string') continue;
        const body = JSON.stringify({
          query: documentOf(op),
          variables: setAt(variables, path, 'a\u0000b'),
        });
        const before = await head();
        const outcome = await send({ body }, { as: who });
        if (outcome.status >= 500 || codesOf(outcome).includes('INTERNAL_SERVER_ERROR')) {
          faults.push(
            `${op.field.name}(${path.join('.')}) as ${who}: ${outcome.status} ${codesOf(outcome).join(',')}`,
          );
        }
        if (refused(outcome, op.field.name)) await expectHeadStill(before, body, outcome);
        else unsettled = true;
      }
    }
    expect(faults).toEqual([]);
  }, 120_000);

  it.each(['', 'B', '\u0001'])(
    'answers an operationName the document lacks (%j) with a 400, as the subgraphs do',
    async (operationName) => {
      const body = JSON.stringify({ query: 'query A { ledgerStatus { adapter } }', operationName });
      const direct = await send({ body }, { url: `${base}/subgraphs/planning/graphql` });
      expect([direct.status, codesOf(direct)]).toEqual([400, ['OPERATION_RESOLUTION_FAILURE']]);
      const outcome = await send({ body });
      expect([outcome.status, codesOf(outcome)]).toEqual([400, ['OPERATION_RESOLUTION_FAILURE']]);
    },
  );

  it.each(['2019-12', '2000-Q1', '2030'])(
    'answers scorePeriod for a period without a scoring rubric (%s) as bad input, not a fault',
    async (period) => {
      const before = await head();
      const outcome = await send({
        body: JSON.stringify({
          query:
            'mutation($p: String!, $k: String!) { scorePeriod(period: $p, idempotencyKey: $k) { unit } }',
          variables: { p: period, k: freshKey() },
        }),
      });
      expect(codesOf(outcome)).toEqual(['BAD_USER_INPUT']);
      expect(outcome.json?.errors?.[0]?.extensions?.field).toBe('period');
      await expectHeadStill(before, period, outcome);
    },
  );

  describe('typical bad input is BAD_USER_INPUT naming the field, and records nothing', () => {
    const DISBURSE = `mutation($input: DisburseFundsInput!) { disburseFunds(input: $input) { replayed } }`;
    const disbursement = (change: Record<string, unknown>) => ({
      idempotencyKey: freshKey(),
      projectId,
      disbursementId: `PAY-${freshKey()}`,
      amount: '1000.00',
      source: 'special_bonds',
      paidOn: '2021-06-01',
      payee: '长春热力集团',
      ...change,
    });
    const REPORT = `mutation($input: DispatchReportInput!) { submitDispatchReport(input: $input) { replayed } }`;
    const report = (change: Record<string, unknown>) => ({
      idempotencyKey: freshKey(),
      projectId,
      period: '2021-06',
      investmentInMonth: '1000.00',
      cumulativeInvestment: '1000.00',
      physicalProgressPercent: '10.00',
      physicalProgress: '管网铺设',
      submittedBy: '长春热力集团',
      ...change,
    });
    const cases: Array<[string, string, Record<string, unknown>, string, string]> = [
      [
        'money with 3 decimals',
        DISBURSE,
        disbursement({ amount: '1.001' }),
        'amount',
        'planning_office',
      ],
      [
        'a negative amount',
        DISBURSE,
        disbursement({ amount: '-5.00' }),
        'amount',
        'planning_office',
      ],
      [
        '30 February',
        DISBURSE,
        disbursement({ paidOn: '2021-02-30' }),
        'paidOn',
        'planning_office',
      ],
      [
        'a NUL in the payee',
        DISBURSE,
        disbursement({ payee: 'a\u0000b' }),
        'payee',
        'planning_office',
      ],
      [
        'a 50,000-character payee',
        DISBURSE,
        disbursement({ payee: 'x'.repeat(50_000) }),
        'payee',
        'planning_office',
      ],
      [
        'a short idempotency key',
        DISBURSE,
        disbursement({ idempotencyKey: 'k' }),
        'idempotencyKey',
        'planning_office',
      ],
      ['month 13', REPORT, report({ period: '2021-13' }), 'period', 'region changchun'],
      [
        '120 percent',
        REPORT,
        report({ physicalProgressPercent: '120.00' }),
        'physicalProgressPercent',
        'region changchun',
      ],
    ];
    it.each(cases)('%s', async (_label, query, input, field, who) => {
      const before = await head();
      const outcome = await send(
        { body: JSON.stringify({ query, variables: { input } }) },
        { as: who },
      );
      expectSane(outcome, JSON.stringify(input).slice(0, 200));
      expect(outcome.json?.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(outcome.json?.errors?.[0]?.extensions?.field).toBe(field);
      await expectHeadStill(before, JSON.stringify(input).slice(0, 200), outcome);
    });
  });

  describe('transport abuse', () => {
    const cases: Array<
      [string, { method?: string; headers?: Record<string, string>; body?: string }, string, number]
    > = [
      ['an empty body', { body: '' }, '', 400],
      ['invalid JSON', { body: '{"query": "{ ledgerStatus { adapter } }"' }, '', 400],
      [
        'a body over 1 MB',
        {
          body: JSON.stringify({
            query: '{ ledgerStatus { adapter } }',
            variables: { x: 'z'.repeat(1_100_000) },
          }),
        },
        '',
        413,
      ],
      [
        'a mutation over GET',
        { method: 'GET', headers: { 'apollo-require-preflight': 'true' } },
        `?query=${encodeURIComponent('mutation { checkRisks }')}`,
        405,
      ],
      [
        // Refused before any check of its preflight header: only JSON is read.
        'a simple (CSRF-able) text/plain POST',
        {
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify({ query: 'mutation { checkRisks }' }),
        },
        '',
        415,
      ],
      [
        'a simple (CSRF-able) GET without a preflight header',
        { method: 'GET', headers: {} },
        `?query=${encodeURIComponent('{ ledgerStatus { adapter } }')}`,
        400,
      ],
      [
        'a batch',
        {
          body: JSON.stringify([
            { query: 'mutation { checkRisks }' },
            { query: 'mutation { checkRisks }' },
          ]),
        },
        '',
        400,
      ],
    ];
    it.each(cases)('%s is a 4xx that records nothing', async (label, init, query, status) => {
      const before = await head();
      const outcome = await send(init, { query });
      expectSane(outcome, label);
      expect(outcome.status).toBe(status);
      await expectHeadStill(before, label, outcome);
      if (label.includes('CSRF') && status === 400)
        expect(outcome.text).toContain('Cross-Site Request Forgery');
    });

    it('forwards a body just within the limit to the subgraph whole: bad input, not a fault', async () => {
      // The gateway's request to the subgraph adds the query plan to the client's variables:
      // the subgraph must take what the gateway took (a 413 there was an internal error here).
      const before = await head();
      const request = (period: string) =>
        JSON.stringify({
          query:
            'mutation Fuzz($period: String!, $idempotencyKey: String!) { scorePeriod(period: $period, idempotencyKey: $idempotencyKey) { period } }',
          variables: { period, idempotencyKey: 'fuzz-within-limit-0001' },
        });
      // Ten bytes short of the client's limit: the forwarded request is larger than that.
      const body = request('y'.repeat(1024 * 1024 - request('').length - 10));
      expect(body.length).toBeLessThan(1024 * 1024);
      const outcome = await send({ body }, {});
      expectSane(outcome, 'a body just within the limit');
      expect(outcome.json?.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      await expectHeadStill(before, 'a body just within the limit', outcome);
    });
  });
});

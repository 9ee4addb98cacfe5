import { heatingProjectProposal } from '../support/heating-project';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConstDirectiveNode,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLSchema,
  Kind,
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import {
  DEFAULT_AUDIENCE,
  ENTITY_TYPES,
  LOCAL_ISSUER,
  OPERATION_POLICY,
  Principal,
  TokenRequest,
  inScope,
  loadOrCreateLocalKey,
  mintLocalToken,
  scopeOf,
} from '@ledger/auth';
import { RunningApp, startStandalone } from '../support/standalone-app';

/**
 * Every root operation of the supergraph, and every field of its entities (Project, Region,
 * Department) × every role (and units inside and outside a project's scope) × bad tokens,
 * through the gateway and straight at the owning subgraph (entity fields through _entities
 * at each subgraph that resolves them). An operation added without an access policy fails
 * here before it can ship; so does an entity field its service resolves without one.
 */
const supergraph = readFileSync(join(__dirname, '../../apps/gateway/supergraph.graphql'), 'utf8');
const schema: GraphQLSchema = buildSchema(supergraph, { assumeValidSDL: true });

interface Operation {
  name: string; // Query.x or Mutation.y
  field: GraphQLField<unknown, unknown>;
  kind: 'query' | 'mutation';
  subgraph: string;
}

/** A field of an entity (Project.dispatchReports), reached without any root field of its own. */
interface EntityField {
  name: string; // Project.x
  entity: string;
  field: GraphQLField<unknown, unknown>;
  /** The subgraphs that resolve it: its join__field, or every one that declares the type. */
  subgraphs: string[];
}

const graphsOf = (
  directives: readonly ConstDirectiveNode[] | undefined,
  directive: string,
): string[] =>
  (directives ?? [])
    .filter((d) => d.name.value === directive)
    .map((d) => d.arguments?.find((a) => a.name.value === 'graph')?.value)
    .flatMap((v) => (v && v.kind === Kind.ENUM ? [v.value.toLowerCase()] : []));

function entityFields(): EntityField[] {
  const out: EntityField[] = [];
  for (const entity of ENTITY_TYPES) {
    const type = schema.getType(entity);
    if (!type || !('getFields' in type) || isInputObjectType(type)) {
      throw new Error(`${entity} is no object type of the supergraph`);
    }
    const declaredIn = graphsOf(type.astNode?.directives, 'join__type');
    for (const field of Object.values(type.getFields())) {
      const resolvedIn = graphsOf(field.astNode?.directives, 'join__field');
      out.push({
        name: `${entity}.${field.name}`,
        entity,
        field,
        subgraphs: resolvedIn.length > 0 ? resolvedIn : declaredIn,
      });
    }
  }
  return out;
}

function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [kind, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      if (field.name.startsWith('_')) continue;
      const join = field.astNode?.directives?.find((d) => d.name.value === 'join__field');
      const graph = join?.arguments?.find((a) => a.name.value === 'graph')?.value;
      const subgraph = graph && graph.kind === Kind.ENUM ? graph.value.toLowerCase() : '';
      out.push({
        name: `${kind === 'query' ? 'Query' : 'Mutation'}.${field.name}`,
        field,
        kind,
        subgraph,
      });
    }
  }
  return out;
}

/** A value the schema accepts for an input type: what auth must judge, not what the domain would. */
function sample(type: GraphQLInputType, name: string, projectId: string): unknown {
  if (isNonNullType(type)) return sample(type.ofType, name, projectId);
  if (isListType(type)) return [];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named)) {
    return Object.fromEntries(
      Object.values(named.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sample(f.type, f.name, projectId)]),
    );
  }
  if (isScalarType(named)) {
    if (name === 'projectId') return projectId;
    // A project's own stream: which other streams a role may read is streamHistory's own test.
    if (name === 'streamId') return `project-${projectId}`;
    if (named.name === 'Int') return 1;
    if (named.name === 'Float') return 1;
    if (named.name === 'Boolean') return false;
    return name === 'idempotencyKey' ? `matrix-${Math.random().toString(36).slice(2, 12)}` : 'x';
  }
  return null;
}

function request(
  op: Operation,
  projectId: string,
): { query: string; variables: Record<string, unknown> } {
  const args = op.field.args.filter((a: GraphQLArgument) => isNonNullType(a.type));
  const declared = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const passed = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const named = getNamedType(op.field.type);
  const selection = isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
  const query = `${op.kind}${declared ? ` M(${declared})` : ''} { ${op.field.name}${passed ? `(${passed})` : ''}${selection} }`;
  const variables = Object.fromEntries(
    args.map((a) => [a.name, sample(a.type, a.name, projectId)]),
  );
  return { query, variables };
}

const ENTITY_KEYS: Record<string, (projectId: string) => Record<string, string>> = {
  Project: (projectId) => ({ projectId }),
  Region: () => ({ code: 'changchun' }),
  Department: () => ({ code: 'housing-urban-rural-department' }),
};

/** The field alone, with its required arguments as variables. */
function fieldSelection(field: GraphQLField<unknown, unknown>, projectId: string) {
  const args = field.args.filter((a: GraphQLArgument) => isNonNullType(a.type));
  const declared = args.map((a) => `$${a.name}: ${a.type.toString()}`);
  const passed = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const named = getNamedType(field.type);
  const selection = isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
  return {
    declared,
    text: `${field.name}${passed ? `(${passed})` : ''}${selection}`,
    variables: Object.fromEntries(args.map((a) => [a.name, sample(a.type, a.name, projectId)])),
  };
}

/**
 * An entity field through the gateway (from the project, or the plan's regions and
 * departments) or straight at a subgraph through federation's _entities.
 */
function entityRequest(
  op: EntityField,
  projectId: string,
  via: 'gateway' | 'subgraph',
): { query: string; variables: Record<string, unknown> } {
  const { declared, text, variables } = fieldSelection(op.field, projectId);
  if (via === 'subgraph') {
    const vars = ['$r: [_Any!]!', ...declared].join(', ');
    return {
      query: `query M(${vars}) { _entities(representations: $r) { ... on ${op.entity} { ${text} } } }`,
      variables: {
        ...variables,
        r: [{ __typename: op.entity, ...ENTITY_KEYS[op.entity]!(projectId) }],
      },
    };
  }
  const vars = declared.length > 0 ? ` M(${declared.join(', ')})` : '';
  const path: Record<string, (inner: string) => string> = {
    Project: (inner) => `project(projectId: ${JSON.stringify(projectId)}) { ${inner} }`,
    Region: (inner) => `programme { regions { ${inner} } }`,
    Department: (inner) => `programme { departments { ${inner} } }`,
  };
  return { query: `query${vars} { ${path[op.entity]!(text)} }`, variables };
}

/** Operations about one project, whose scope the resolvers check. */
const PROJECT_SCOPED = new Set([
  'Query.project',
  'Query.dispatchReports',
  'Mutation.submitDispatchReport',
  'Mutation.correctDispatchReport',
  'Mutation.raiseProblem',
]);

const TEST_PROJECT = { networkCode: 'municipal', regionCodes: ['changchun'] };
const WHO: Array<{ label: string; token: TokenRequest; principal: Principal }> = [
  ['planning_office', { role: 'planning_office' }],
  [
    'lead_department (its network)',
    { role: 'lead_department', department: 'housing-urban-rural-department' },
  ],
  ['lead_department (another network)', { role: 'lead_department', department: 'energy-bureau' }],
  ['region (its region)', { role: 'region', region: 'changchun' }],
  ['region (another region)', { role: 'region', region: 'jilin-city' }],
  ['supervisor', { role: 'supervisor' }],
  ['auditor', { role: 'auditor' }],
  ['operator', { role: 'operator' }],
].map(([label, t]) => {
  const token: TokenRequest = { subject: 'matrix', ...(t as Omit<TokenRequest, 'subject'>) };
  const principal = { ...token } as unknown as Principal;
  return { label: label as string, token, principal };
});

/**
 * An entity field: its own policy (or the entity's: everyone), and a project's scope. The
 * audit subgraph keeps no read model to check a unit's scope: it answers a project only to
 * roles that see every project.
 */
function expectedEntityAllowed(op: EntityField, principal: Principal, at: string): boolean {
  const roles = OPERATION_POLICY[op.name];
  if (roles && !roles.includes(principal.role)) return false;
  // Through the gateway the field is reached from its root field, whose policy applies first
  // (the operator role reaches neither a project nor the plan).
  const root = OPERATION_POLICY[op.entity === 'Project' ? 'Query.project' : 'Query.programme'];
  if (at === 'gateway' && !root?.includes(principal.role)) return false;
  if (op.entity !== 'Project') return true;
  const scope = scopeOf(principal);
  return at === 'audit' ? scope.kind === 'all' : inScope(scope, TEST_PROJECT);
}

function expectedAllowed(op: Operation, principal: Principal): boolean {
  const roles = OPERATION_POLICY[op.name];
  if (!roles) throw new Error(`${op.name} has no entry in OPERATION_POLICY`);
  if (!roles.includes(principal.role)) return false;
  return !PROJECT_SCOPED.has(op.name) || inScope(scopeOf(principal), TEST_PROJECT);
}

describe('authorisation matrix (standalone: gateway and subgraphs in one process)', () => {
  let running: RunningApp;
  const projectId = `matrix-${process.pid}`;
  const otherKeyDir = mkdtempSync(join(tmpdir(), 'ledger-other-key-'));
  const ops = operations();
  const fields = entityFields();

  beforeAll(async () => {
    running = await startStandalone();
    const office = { role: 'planning_office' as const };
    const propose = await running.graphql(
      `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
      {
        input: heatingProjectProposal(projectId, `matrix-propose-${process.pid}`),
      },
      office,
    );
    expect(propose.errors).toBeUndefined();
  }, 120_000);

  afterAll(async () => {
    await running?.close();
    rmSync(otherKeyDir, { recursive: true, force: true });
  });

  it('covers every root operation of the supergraph with a policy', () => {
    expect(ops.length).toBeGreaterThan(30);
    expect(ops.filter((op) => !OPERATION_POLICY[op.name]).map((op) => op.name)).toEqual([]);
    // And the policy names nothing the supergraph lacks (a renamed operation or entity field).
    expect(
      Object.keys(OPERATION_POLICY).filter(
        (name) => !ops.some((op) => op.name === name) && !fields.some((f) => f.name === name),
      ),
    ).toEqual([]);
    expect(fields.length).toBeGreaterThan(30);
    // Every service contributes to the entities: all four resolve some of their fields.
    expect(new Set(fields.flatMap((f) => f.subgraphs))).toEqual(
      new Set(['planning', 'reporting', 'assessment', 'audit']),
    );
  });

  const post = async (url: string, body: unknown, token: string | null) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });
    expect(response.status).toBeLessThan(500);
    const json = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    return (json.errors ?? []).map((e) => e.extensions?.code ?? '');
  };
  const denied = (codes: string[]) =>
    codes.includes('FORBIDDEN') || codes.includes('UNAUTHENTICATED');

  it.each(['gateway', 'subgraph'] as const)(
    'allows and denies every operation for every role exactly as the policy says (%s)',
    async (via) => {
      const base = running.url.replace(/\/graphql$/, '');
      const mismatches: string[] = [];
      for (const who of WHO) {
        const token = await running.token(who.token);
        for (const op of ops) {
          const url = via === 'gateway' ? running.url : `${base}/subgraphs/${op.subgraph}/graphql`;
          const codes = await post(url, request(op, projectId), token);
          if (codes.includes('GRAPHQL_VALIDATION_FAILED')) {
            mismatches.push(`${op.name}: the generated request is invalid (${codes.join(',')})`);
            continue;
          }
          const allowed = !denied(codes);
          if (allowed !== expectedAllowed(op, who.principal)) {
            mismatches.push(
              `${who.label} ${op.name}: ${allowed ? 'allowed' : 'denied'} (${codes.join(',')})`,
            );
          }
        }
        for (const op of fields) {
          const targets = via === 'gateway' ? ['gateway'] : op.subgraphs;
          for (const at of targets) {
            const url = at === 'gateway' ? running.url : `${base}/subgraphs/${at}/graphql`;
            const codes = await post(url, entityRequest(op, projectId, via), token);
            if (codes.includes('GRAPHQL_VALIDATION_FAILED')) {
              mismatches.push(`${op.name}: the generated request is invalid at ${url}`);
              continue;
            }
            const allowed = !denied(codes);
            if (allowed !== expectedEntityAllowed(op, who.principal, at)) {
              mismatches.push(
                `${who.label} ${op.name} at ${url.replace(base, '')}: ${allowed ? 'allowed' : 'denied'} (${codes.join(',')})`,
              );
            }
          }
        }
      }
      expect(mismatches).toEqual([]);
    },
    300_000,
  );

  it.each(['gateway', 'subgraph'] as const)(
    'refuses every operation without a valid token: none, expired, another key, alg none, wrong audience (%s)',
    async (via) => {
      const base = running.url.replace(/\/graphql$/, '');
      const otherKey = await loadOrCreateLocalKey(otherKeyDir);
      const header = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const claims = {
        sub: 'matrix',
        role: 'planning_office',
        iss: LOCAL_ISSUER,
        aud: DEFAULT_AUDIENCE,
        exp: Math.floor(Date.now() / 1000) + 600,
      };
      const bad: Record<string, string | null> = {
        none: null,
        expired: await running.token({ role: 'planning_office', ttlSeconds: -120 }),
        'another key': await mintLocalToken(otherKey, LOCAL_ISSUER, DEFAULT_AUDIENCE, {
          role: 'planning_office',
          subject: 'matrix',
        }),
        'alg none': `${header({ alg: 'none', typ: 'JWT' })}.${header(claims)}.`,
        'wrong audience': await mintLocalToken(
          await loadOrCreateLocalKey(join(running.dataDir, 'auth')),
          LOCAL_ISSUER,
          'someone-else',
          { role: 'planning_office', subject: 'matrix' },
        ),
      };
      const leaks: string[] = [];
      for (const [label, token] of Object.entries(bad)) {
        for (const op of ops) {
          const url = via === 'gateway' ? running.url : `${base}/subgraphs/${op.subgraph}/graphql`;
          const codes = await post(url, request(op, projectId), token);
          if (!codes.includes('UNAUTHENTICATED'))
            leaks.push(`${label} ${op.name}: ${codes.join(',') || 'answered'}`);
        }
        for (const op of fields) {
          const targets =
            via === 'gateway'
              ? [running.url]
              : op.subgraphs.map((name) => `${base}/subgraphs/${name}/graphql`);
          for (const url of targets) {
            const codes = await post(url, entityRequest(op, projectId, via), token);
            if (!codes.includes('UNAUTHENTICATED'))
              leaks.push(`${label} ${op.name} at ${url}: ${codes.join(',') || 'answered'}`);
          }
        }
      }
      expect(leaks).toEqual([]);
    },
    300_000,
  );

  it('shows a lead department only its networks and a region only its projects', async () => {
    const list = `{ projects(first: 100) { totalCount edges { node { networkCode regionCodes } } } }`;
    type Page = {
      projects: {
        totalCount: number;
        edges: Array<{ node: { networkCode: string; regionCodes: string[] } }>;
      };
    };
    const energy = await running.graphql<Page>(
      list,
      {},
      { role: 'lead_department', department: 'energy-bureau' },
    );
    const nodes = energy.data!.projects.edges.map((e) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    expect(new Set(nodes.map((n) => n.networkCode))).toEqual(new Set(['power', 'oilgas']));
    const changchun = await running.graphql<Page>(
      list,
      {},
      { role: 'region', region: 'changchun' },
    );
    const own = changchun.data!.projects.edges.map((e) => e.node);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((n) => n.regionCodes.includes('changchun'))).toBe(true);
    const all = await running.graphql<Page>(list, {}, { role: 'supervisor' });
    expect(all.data!.projects.totalCount).toBeGreaterThan(changchun.data!.projects.totalCount);
  });
});

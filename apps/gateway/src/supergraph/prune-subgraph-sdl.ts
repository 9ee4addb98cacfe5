import { DefinitionNode, DocumentNode, Kind, TypeNode, visit } from 'graphql';

/**
 * Nest's code-first schema builder registers every type any resolver of the process refers
 * to, so in standalone mode each subgraph's SDL also lists the other services' types,
 * unreachable from its own fields. Left in, composition would see them "resolved" by
 * several subgraphs. Keeps what the subgraph's root fields reach, and federation's own.
 */
export function pruneSubgraphSdl(document: DocumentNode): DocumentNode {
  const types = new Map<string, DefinitionNode[]>();
  const nameOf = (definition: DefinitionNode): string | undefined =>
    'name' in definition && definition.name ? definition.name.value : undefined;
  for (const definition of document.definitions) {
    const name = nameOf(definition);
    const isType =
      definition.kind !== Kind.DIRECTIVE_DEFINITION &&
      definition.kind !== Kind.SCHEMA_DEFINITION &&
      definition.kind !== Kind.SCHEMA_EXTENSION;
    if (name && isType) types.set(name, [...(types.get(name) ?? []), definition]);
  }
  const reached = new Set<string>();
  const pending = ['Query', 'Mutation', 'Subscription'];
  const named = (type: TypeNode): string =>
    type.kind === Kind.NAMED_TYPE ? type.name.value : named(type.type);
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (reached.has(name)) continue;
    reached.add(name);
    for (const definition of types.get(name) ?? []) {
      visit(definition, {
        NamedType(node) {
          if (!reached.has(node.name.value)) pending.push(node.name.value);
        },
        FieldDefinition(node) {
          pending.push(named(node.type));
        },
      });
    }
  }
  // Federation's scalars and the types its directives use are never reached from fields.
  const federationOwn = (name: string) =>
    name.startsWith('_') || name.includes('__') || name === 'FieldSet';
  return {
    ...document,
    definitions: document.definitions.filter((definition) => {
      const name = nameOf(definition);
      if (!name || !types.has(name)) return true;
      return reached.has(name) || federationOwn(name);
    }),
  };
}

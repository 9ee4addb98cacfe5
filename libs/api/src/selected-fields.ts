import { GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

/**
 * Whether the query asks for `field` directly under the field being resolved (through inline
 * fragments and named fragments too): for a resolver that would load something only that
 * field shows, and must load it with the rest (an as-of view's scratch schema is gone once
 * its resolver returns, so nothing can be loaded later, field by field).
 */
export function selectsField(info: GraphQLResolveInfo, field: string): boolean {
  const within = (set: SelectionSetNode | undefined, seen: ReadonlySet<string>): boolean =>
    (set?.selections ?? []).some((selection) => {
      switch (selection.kind) {
        case Kind.FIELD:
          return selection.name.value === field;
        case Kind.INLINE_FRAGMENT:
          return within(selection.selectionSet, seen);
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          if (seen.has(name)) return false;
          return within(info.fragments[name]?.selectionSet, new Set([...seen, name]));
        }
        default: {
          const unknown: never = selection;
          throw new Error(`unknown selection ${String(unknown)}`);
        }
      }
    });
  return info.fieldNodes.some((node) => within(node.selectionSet, new Set()));
}

import {
  ASTVisitor,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLError,
  Kind,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';

/** Limits on what one request may ask for, whoever asks: a ledger must stay up for everyone. */
export interface QueryLimits {
  /** Nesting of fields below the root. */
  maxDepth: number;
  /** Aliased fields in one operation (aliases multiply the work of a single field). */
  maxAliases: number;
  /** Estimated fields resolved: each field counts once per item of every enclosing page. */
  maxCost: number;
  /** Page size assumed for a list field without `first` (the resolvers' own default). */
  defaultPageSize: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxAliases: 30,
  maxCost: 20_000,
  defaultPageSize: 20,
};

interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

function limitError(message: string, code: string): GraphQLError {
  // `limit` survives Apollo re-filing validation errors as GRAPHQL_VALIDATION_FAILED.
  return new GraphQLError(message, { extensions: { code, limit: code } });
}

/** One validation rule that measures every operation once, fragments included. */
export function queryLimitsRule(limits: QueryLimits = DEFAULT_QUERY_LIMITS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION)
        fragments.set(definition.name.value, definition);
    }
    const measure = (
      selectionSet: SelectionSetNode,
      depth: number,
      multiplier: number,
      seen: Set<string>,
    ): Measure => {
      const total: Measure = { depth, aliases: 0, cost: 0 };
      for (const selection of selectionSet.selections) {
        let inner: Measure | undefined;
        if (selection.kind === Kind.FIELD) {
          inner = field(selection, depth, multiplier, seen);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          inner = measure(selection.selectionSet, depth, multiplier, seen);
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          // A fragment that spreads itself is rejected by the standard rules; stop here.
          if (!fragment || seen.has(name)) continue;
          inner = measure(fragment.selectionSet, depth, multiplier, new Set([...seen, name]));
        }
        total.depth = Math.max(total.depth, inner.depth);
        total.aliases += inner.aliases;
        total.cost += inner.cost;
        // Stop early: a hostile query must not make the measuring itself expensive.
        if (total.cost > limits.maxCost * 10 || total.aliases > limits.maxAliases * 10) break;
      }
      return total;
    };
    const field = (
      node: FieldNode,
      depth: number,
      multiplier: number,
      seen: Set<string>,
    ): Measure => {
      const own: Measure = { depth: depth + 1, aliases: node.alias ? 1 : 0, cost: multiplier };
      if (!node.selectionSet) return own;
      const first = node.arguments?.find((a) => a.name.value === 'first');
      const page =
        first && first.value.kind === Kind.INT
          ? Math.max(1, Number(first.value.value))
          : first
            ? limits.defaultPageSize
            : 1;
      const isList = first !== undefined || node.name.value.endsWith('s');
      const inner = measure(
        node.selectionSet,
        depth + 1,
        multiplier * (isList ? Math.max(page, 1) : 1),
        seen,
      );
      return {
        depth: inner.depth,
        aliases: own.aliases + inner.aliases,
        cost: own.cost + inner.cost,
      };
    };
    return {
      OperationDefinition(operation) {
        const m = measure(operation.selectionSet, 0, 1, new Set());
        if (m.depth > limits.maxDepth) {
          context.reportError(
            limitError(
              `the query nests ${m.depth} levels deep; at most ${limits.maxDepth}`,
              'QUERY_TOO_DEEP',
            ),
          );
        }
        if (m.aliases > limits.maxAliases) {
          context.reportError(
            limitError(
              `the query uses ${m.aliases} aliases; at most ${limits.maxAliases}`,
              'TOO_MANY_ALIASES',
            ),
          );
        }
        if (m.cost > limits.maxCost) {
          context.reportError(
            limitError(
              `the query would resolve about ${m.cost} fields; at most ${limits.maxCost}`,
              'QUERY_TOO_COSTLY',
            ),
          );
        }
      },
    };
  };
}

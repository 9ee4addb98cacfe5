import { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind, OperationDefinitionNode, visit } from 'graphql';
import { requestError } from '../graphql-http';

function badInput(message: string, field: string): GraphQLError {
  return requestError('badVariables', message, { field });
}

const MAX_VARIABLE_DEPTH = 32;

/**
 * The path of the first string holding a NUL, which PostgreSQL's text type cannot store, or
 * of a value nested deeper than any input of ours. Iterative: hostile nesting must not
 * exhaust the stack.
 */
function firstProblem(variables: Record<string, unknown>): { path: string; what: string } | null {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [
    { value: variables, path: '', depth: 0 },
  ];
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { path, what: 'contains a NUL character' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_VARIABLE_DEPTH) return { path, what: 'nests deeper than any input' };
    const entries = Array.isArray(value)
      ? value.map((inner, i): [string, unknown] => [`${path}[${i}]`, inner])
      : Object.entries(value).map(([key, inner]): [string, unknown] => [
          path ? `${path}.${key}` : key,
          inner,
        ]);
    for (const [innerPath, inner] of entries) {
      pending.push({ value: inner, path: innerPath, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Whether an operation's text holds a string literal with a NUL. Apollo keeps one parsed
 * document per query text, so an operation sent again is the same object: its answer is
 * remembered instead of walking its whole tree on every request (and at every subgraph).
 */
const nulLiteral = new WeakMap<OperationDefinitionNode, boolean>();

function hasNulLiteral(operation: OperationDefinitionNode): boolean {
  const known = nulLiteral.get(operation);
  if (known !== undefined) return known;
  let found = false;
  visit(operation, {
    [Kind.STRING]: (node) => {
      if (!found && node.value.includes('\u0000')) found = true;
    },
  });
  nulLiteral.set(operation, found);
  return found;
}

/**
 * What every request must satisfy before anything runs, whatever the operation: the named
 * operation exists (the gateway would otherwise fail inside its executor, a 500), and no
 * text carries a NUL character (it would reach SQL and fail there, a fault instead of an
 * answer). Both are answered as the client's mistake, with the HTTP status to match.
 */
export const edgeHygienePlugin: ApolloServerPlugin<BaseContext> = {
  requestDidStart() {
    return Promise.resolve({
      didResolveOperation(requestContext) {
        if (!requestContext.operation) {
          const name = requestContext.request.operationName;
          throw requestError(
            'unknownOperation',
            name ? `the document has no operation named "${name}"` : 'name the operation to run',
          );
        }
        const problem = firstProblem(requestContext.request.variables ?? {});
        if (problem) {
          // Fields are named as the resolvers name them: within the `input` object.
          const field = problem.path.replace(/^input\./, '');
          throw badInput(`${field} ${problem.what}`, field);
        }
        if (hasNulLiteral(requestContext.operation))
          throw badInput('a text argument contains a NUL character', 'query');
        return Promise.resolve();
      },
    });
  },
};

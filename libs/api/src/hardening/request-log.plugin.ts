import { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind } from 'graphql';
import { currentRequest } from '@ledger/observability/logging';

/**
 * Names the request's operation in its log context once Apollo has resolved it: the
 * client's operationName, else the first root field (`proposeProject`), so that a command's
 * log line says which mutation sent it. At the gateway and at every subgraph alike; in
 * standalone mode both share one request context, and the subgraph's naming is the same.
 */
export const requestLogPlugin: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, operationName }) {
        const request = currentRequest();
        if (!request || request.operation || !operation) return;
        const field = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
        const name = operationName ?? (field?.kind === Kind.FIELD ? field.name.value : undefined);
        if (name) request.operation = `${operation.operation} ${name}`;
      },
    };
  },
};

/** The services the gateway composes, each a Federation 2 subgraph (audit: the history). */
export const SUBGRAPHS = ['planning', 'reporting', 'assessment', 'audit'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

/** Where standalone mode serves the subgraphs beside the gateway's /graphql. */
export const SUBGRAPHS_PREFIX = '/subgraphs';

export function subgraphPath(name: SubgraphName): string {
  return `${SUBGRAPHS_PREFIX}/${name}/graphql`;
}

import { Kind, OperationDefinitionNode, parse } from 'graphql';

export interface SampleTab {
  query: string;
  variables?: string;
}

const GRAPHQL_BLOCK = /^```graphql[ \t]*\r?\n([\s\S]*?)^```[ \t]*$/gm;

/**
 * The README's examples (its ```graphql blocks), one tab each. A variable the example
 * declares is offered as null, so the reader sees what to fill in rather than a failed tab.
 */
export function sampleTabs(markdown: string): SampleTab[] {
  const tabs: SampleTab[] = [];
  for (const match of markdown.matchAll(GRAPHQL_BLOCK)) {
    const query = (match[1] ?? '').trimEnd();
    if (query.trim() === '') continue;
    tabs.push({ query, ...variablesOf(query) });
  }
  return tabs;
}

function variablesOf(query: string): { variables?: string } {
  let names: string[];
  try {
    names = parse(query)
      .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      .flatMap((operation) =>
        (operation.variableDefinitions ?? []).map((v) => v.variable.name.value),
      );
  } catch {
    // A block that does not parse is still shown: the editor marks what is wrong with it.
    return {};
  }
  if (names.length === 0) return {};
  return { variables: JSON.stringify(Object.fromEntries(names.map((n) => [n, null])), null, 2) };
}

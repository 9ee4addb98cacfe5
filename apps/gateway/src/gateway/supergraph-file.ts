import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SUPERGRAPH_FILE = 'supergraph.graphql';

/** The checked-in supergraph (npm run supergraph), found from the sources or from dist/. */
export function supergraphPath(): string {
  const candidates = [
    join(__dirname, '..', '..', SUPERGRAPH_FILE),
    join(process.cwd(), 'apps', 'gateway', SUPERGRAPH_FILE),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(`${SUPERGRAPH_FILE} not found; looked in:\n - ${candidates.join('\n - ')}`);
  }
  return found;
}

export function loadSupergraph(): string {
  return readFileSync(supergraphPath(), 'utf8');
}

import { readFileSync } from 'node:fs';
import { supergraphPath } from '../../apps/gateway/src/gateway/supergraph-file';
import { composeSupergraph } from '../../apps/gateway/src/supergraph/compose-supergraph';

/** The gateway serves the checked-in supergraph; it must be what the code composes today. */
describe('apps/gateway/supergraph.graphql', () => {
  it('equals a fresh composition of the subgraphs (run `npm run supergraph` if not)', async () => {
    const fresh = await composeSupergraph();
    expect(readFileSync(supergraphPath(), 'utf8')).toBe(fresh);
  }, 120_000);
});

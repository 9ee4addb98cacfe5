/** npm run supergraph — composes the subgraphs and writes apps/gateway/supergraph.graphql. */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUPERGRAPH_FILE } from '../gateway/supergraph-file';
import { composeSupergraph } from './compose-supergraph';

void composeSupergraph().then(
  (sdl) => {
    const file = join(__dirname, '..', '..', SUPERGRAPH_FILE);
    writeFileSync(file, sdl);
    console.log(`supergraph written to ${file}`);
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

/** npm run catalog — regenerates libs/contracts/catalog from the event types. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsyncApi, buildCatalog } from './catalog';

const catalog = buildCatalog();
const dir = join(__dirname, '..', 'catalog');
writeFileSync(join(dir, 'events.json'), `${JSON.stringify(catalog, null, 2)}\n`);
writeFileSync(join(dir, 'asyncapi.json'), `${JSON.stringify(buildAsyncApi(catalog), null, 2)}\n`);
console.log(`${Object.keys(catalog.events).length} event types written to ${dir}`);

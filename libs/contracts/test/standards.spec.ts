import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The copied official schemas are byte for byte what SOURCE.md says was copied. */
describe('the official schemas in libs/contracts/standards', () => {
  const dir = join(__dirname, '..', 'standards', 'oc4ids-0.9.5');
  const source = readFileSync(join(dir, 'SOURCE.md'), 'utf8');
  const rows = [...source.matchAll(/^\| (\S+\.json) \| .+ \| ([0-9a-f]{64}) \|$/gm)];

  it('lists every copied file with its checksum', () => {
    expect(rows.map((r) => r[1]).sort()).toEqual([
      'example.json',
      'project-package-schema.json',
      'project-schema.json',
    ]);
  });

  it.each(rows.map((r) => [r[1]!, r[2]!]))('%s is unchanged', (file, sha256) => {
    const digest = createHash('sha256')
      .update(readFileSync(join(dir, file)))
      .digest('hex');
    expect(digest).toBe(sha256);
  });
});

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const SERVICES = ['planning', 'reporting', 'assessment', 'audit'];

/** The README's picture of the tree: the code block of its Layout section that names apps. */
function layoutBlock(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Layout'),
    readme.indexOf('\n## ', readme.indexOf('## Layout') + 1),
  );
  const blocks = [...section.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const tree = blocks.find((b) => b.startsWith('apps/planning/src'));
  if (!tree) throw new Error('the Layout section has no block of the tree');
  return tree;
}

const folders = (dir: string): string[] =>
  readdirSync(dir).filter((entry) => statSync(join(dir, entry)).isDirectory());

describe("the README's layout is the tree's", () => {
  const tree = layoutBlock();

  it('names only paths that exist', () => {
    const paths = tree
      .split('\n')
      .map((line) => line.split(/\s+/)[0] ?? '')
      .filter((first) => /^(apps|libs|seeds|tools|bench|test)\//.test(first));
    expect(paths.length).toBeGreaterThan(15);
    expect(paths.filter((p) => !existsSync(join(root, p)))).toEqual([]);
  });

  it.each(SERVICES)('shows every folder of apps/%s/src', (service) => {
    const src = join(root, 'apps', service, 'src');
    const block = tree.slice(tree.indexOf(`apps/${service}/src`));
    const section = block.slice(
      0,
      block.indexOf('\napps/', 1) === -1 ? undefined : block.indexOf('\napps/', 1),
    );
    const missing = folders(src).filter(
      (folder) => !new RegExp(`(^|[\\s{,])${folder}(/|[,}])`).test(section),
    );
    expect(missing).toEqual([]);
  });

  it.each(['planning', 'reporting', 'assessment'])(
    'gives %s the same parts: module, one list of projections, schema, options',
    (service) => {
      for (const part of ['module', 'projections', 'schema', 'options']) {
        expect(existsSync(join(root, 'apps', service, 'src', `${service}.${part}.ts`))).toBe(true);
      }
    },
  );

  it('lays every aggregate out as domain and write (and graphql where it takes mutations)', () => {
    const aggregates: Array<[string, string]> = [
      ['planning', 'project'],
      ['planning', 'programme'],
      ['reporting', 'dispatch-report'],
      ['assessment', 'risk'],
      ['assessment', 'score'],
    ];
    for (const [service, aggregate] of aggregates) {
      const dir = join(root, 'apps', service, 'src', aggregate);
      // Besides those, a folder per command area (STYLE.md 4): it holds its command, a
      // `<verb>-<folder>.ts` (record-pre-construction-approval.ts in pre-construction-approval/).
      const isCommandFolder = (folder: string): boolean =>
        readdirSync(join(dir, folder)).some((file) =>
          new RegExp(`^[a-z]+-${folder}\\.ts$`).test(file),
        );
      expect({
        aggregate,
        parts: folders(dir).filter(
          (f) => !['domain', 'write', 'graphql'].includes(f) && !isCommandFolder(f),
        ),
      }).toEqual({
        aggregate,
        parts: [],
      });
      expect(folders(dir)).toEqual(expect.arrayContaining(['domain', 'write']));
    }
  });
});

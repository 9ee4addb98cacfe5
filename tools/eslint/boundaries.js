// @ts-check
/**
 * The boundary rule: a service imports libs and other services' published contracts
 * (@ledger/contracts), never another app's files; a lib imports no app; seed data imports
 * no app. Only the composition roots (the host and the tools) and the cross-service tests
 * and benchmarks may reach into apps. Imports are resolved to the file they name, so a
 * relative path that climbs into a neighbour is caught as surely as an alias.
 */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
/** The host (standalone composition, gateway, tools), the auditors' and the operators' command lines. */
const COMPOSITION_ROOTS = new Set(['gateway', 'audit-cli', 'ops-cli']);

/** Where a repository path lives: { area: 'apps' | 'libs' | ..., unit: the app or lib }. */
function placeOf(absolute) {
  const relative = path.relative(ROOT, absolute).split(path.sep);
  return { area: relative[0], unit: relative[1] ?? '' };
}

function targetOf(specifier, fromFile) {
  if (specifier.startsWith('.')) return path.resolve(path.dirname(fromFile), specifier);
  const alias = /^@ledger\/([^/]+)/.exec(specifier);
  return alias ? path.join(ROOT, 'libs', alias[1]) : null;
}

const isTest = (file) => /\.spec\.ts$/.test(file) || file.includes(`${path.sep}testing${path.sep}`);

/** Why an import from `from` to `to` crosses a boundary, or null when it may. */
function violation(from, to, fromFile) {
  if (to.area !== 'apps') return null;
  if (from.area === 'libs')
    return `a library imports no app (libs/${from.unit} imports apps/${to.unit})`;
  if (from.area === 'seeds' && !isTest(fromFile))
    return `seed data imports no app (it imports apps/${to.unit}); use @ledger/contracts`;
  if (from.area === 'apps' && from.unit !== to.unit && !COMPOSITION_ROOTS.has(from.unit))
    return `apps/${from.unit} imports apps/${to.unit}'s files: import its published contract from @ledger/contracts`;
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
const noCrossBoundaryImports = {
  meta: {
    type: 'problem',
    docs: { description: 'services share only contracts; libs know no app' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = placeOf(file);
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const target = targetOf(source.value, file);
      if (!target) return;
      const why = violation(from, placeOf(target), file);
      if (why) context.report({ node, message: why });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null),
      CallExpression: (node) => {
        const callee = node.callee;
        const isRequire = callee.type === 'Identifier' && callee.name === 'require';
        const arg = node.arguments[0];
        if (isRequire && arg && arg.type === 'Literal') check(node, arg);
      },
    };
  },
};

module.exports = { rules: { 'no-cross-boundary-imports': noCrossBoundaryImports } };

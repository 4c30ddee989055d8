import path from 'node:path';
import tseslint from 'typescript-eslint';
import svelteParser from 'svelte-eslint-parser';
import svelte from 'eslint-plugin-svelte';

/**
 * Who may import whom (STYLE.md §1), run by `npm run lint:layers` as part of `npm test`. The rule resolves each
 * relative import to the folder it lands in under src/, so `./pose-models` inside inference is fine while
 * `../models/build` from inference is not.
 */
const allowed = {
  shared: ['shared'],
  core: ['shared', 'core'],
  inference: ['shared', 'inference'],
  models: ['shared', 'models'],
  preload: ['shared', 'preload'],
  web: ['shared', 'core', 'web'],
  main: ['shared', 'core', 'main'],
  renderer: ['shared', 'renderer'],
  // The chain's HQ service (atelier hq): Node only, on PostgreSQL; reuses core's catalog import and feed format.
  hq: ['shared', 'core', 'hq'],
  cli: ['shared', 'core', 'inference', 'models', 'web', 'hq', 'cli'],
};

/** Node built-ins and native addons have no place in code that runs in a browser context. */
const browserOnly = new Set(['renderer', 'preload', 'shared']);
const nodeModules = /^(node:|fs$|path$|child_process$|os$|better-sqlite3$|onnxruntime-node$|sharp$|fastify$|pino$|ws$|pg$)/;

const srcRoot = path.resolve(import.meta.dirname, 'src');
const repoRoot = import.meta.dirname;

/**
 * Developer code outside the product (STYLE.md §13): `tools/` (generators, evaluations, benchmarks) and `tests/`
 * (fakes, fixtures). Product code never imports them; two exceptions import `tools/` only: the CLI's developer
 * commands (loaded with a dynamic import, a chunk of their own) and the renderer's e2e hooks (`renderer/debug`,
 * compiled only into the e2e build).
 */
const devFolders = ['tools', 'tests'];
const mayImportTools = (rel) => rel.startsWith(`cli${path.sep}`) || rel.startsWith(`renderer${path.sep}debug${path.sep}`);
/** What `tools/` may import: the product's pure and Node folders, never Electron's or the page's entry points. */
const toolsAllowed = ['shared', 'core', 'inference', 'models', 'renderer'];

/** @type {import('eslint').Rule.RuleModule} */
const toolsRule = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const file = context.filename;
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.relative(repoRoot, path.resolve(path.dirname(file), spec)).split(path.sep);
      if (target[0] === 'src' && target[1] && !toolsAllowed.includes(target[1])) {
        context.report({ node, message: `tools/ may not import src/${target[1]} (allowed: ${toolsAllowed.join(', ')})` });
      } else if (target[0] === 'tests') {
        context.report({ node, message: 'tools/ may not import tests/ (test fakes and fixtures stay with the tests)' });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

/** @type {import('eslint').Rule.RuleModule} */
const layersRule = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const file = context.filename;
    const rel = path.relative(srcRoot, file);
    const layer = rel.split(path.sep)[0];
    if (!layer || rel.startsWith('..') || !(layer in allowed)) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.')) {
        const dev = path.relative(repoRoot, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
        if (devFolders.includes(dev) && !(dev === 'tools' && mayImportTools(rel))) {
          context.report({ node, message: `src/${layer} may not import ${dev}/ (developer code stays out of the product; STYLE.md §13)` });
          return;
        }
        const target = path.relative(srcRoot, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
        if (target && !target.startsWith('..') && target in allowed && !allowed[layer].includes(target)) {
          context.report({ node, message: `src/${layer} may not import src/${target} (allowed: ${allowed[layer].join(', ')}; STYLE.md §1)` });
        }
      } else if (browserOnly.has(layer) && nodeModules.test(spec) && !(layer === 'preload' && spec === 'electron')) {
        context.report({ node, message: `src/${layer} runs without Node: '${spec}' cannot be imported here` });
      } else if (spec === 'electron' && !['main', 'preload'].includes(layer)) {
        context.report({ node, message: `only src/main and src/preload may import electron` });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default [
  { ignores: ['**/*.test.ts', '**/*.bench.ts'] },
  // This config runs one rule; disable comments are for the main lint config, which reports unused ones.
  { linterOptions: { reportUnusedDisableDirectives: 'off' } },
  {
    files: ['src/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    // svelte registered (rules off) for the disable comments in `.svelte.ts` controllers.
    plugins: { atelier: { rules: { layers: layersRule } }, svelte },
    rules: { 'atelier/layers': 'error' },
  },
  {
    files: ['tools/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { atelier: { rules: { tools: toolsRule } } },
    rules: { 'atelier/tools': 'error' },
  },
  {
    files: ['src/**/*.svelte'],
    languageOptions: { parser: svelteParser, parserOptions: { parser: tseslint.parser } },
    // The svelte plugin is registered (rules off) so disable comments naming its rules resolve.
    plugins: { atelier: { rules: { layers: layersRule } }, svelte },
    rules: { 'atelier/layers': 'error' },
  },
];

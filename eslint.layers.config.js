import tseslint from 'typescript-eslint';
import svelteParser from 'svelte-eslint-parser';

/**
 * Who may import whom (STYLE.md §1). Each folder lists the folders of ours it must NOT import; run by
 * `npm run lint:layers`, part of `npm test`.
 */
const layers = {
  shared: ['core', 'main', 'inference', 'models', 'preload', 'web', 'renderer', 'cli'],
  core: ['main', 'inference', 'models', 'preload', 'web', 'renderer', 'cli'],
  inference: ['core', 'main', 'models', 'preload', 'web', 'renderer', 'cli'],
  models: ['core', 'main', 'inference', 'preload', 'web', 'renderer', 'cli'],
  preload: ['core', 'main', 'inference', 'models', 'web', 'renderer', 'cli'],
  web: ['main', 'inference', 'models', 'preload', 'renderer', 'cli'],
  main: ['inference', 'models', 'preload', 'web', 'renderer', 'cli'],
  renderer: ['core', 'main', 'inference', 'models', 'preload', 'web', 'cli'],
  cli: ['main', 'preload', 'renderer'],
};

/** Node built-ins and native addons have no place in the renderer or preload. */
const nodeOnly = ['node:*', 'fs', 'path', 'child_process', 'better-sqlite3', 'onnxruntime-node', 'sharp', 'fastify', 'pino'];

export default [
  { ignores: ['**/*.test.ts'] },
  ...Object.entries(layers).map(([layer, forbidden]) => ({
    files: [`src/${layer}/**/*.ts`, `src/${layer}/**/*.svelte`],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: forbidden.flatMap((f) => [`**/${f}`, `**/${f}/**`]),
              message: `src/${layer} may not import from ${forbidden.join(', ')} (see STYLE.md §1).`,
            },
            ...(layer === 'renderer' || layer === 'shared' || layer === 'preload'
              ? [{ group: nodeOnly.filter((m) => !(layer === 'preload' && m === 'electron')), message: `src/${layer} runs without Node.` }]
              : []),
          ],
        },
      ],
    },
  })),
  {
    files: ['src/**/*.svelte'],
    languageOptions: { parser: svelteParser, parserOptions: { parser: tseslint.parser } },
  },
];

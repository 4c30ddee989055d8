// Builds every process into out/: renderer (Vite + Svelte), preload (one CJS file, as sandboxed preloads
// require), and the Node entries (CLI/web shell, Electron main, inference process) as ESM with dependencies
// left external. One command, one output folder.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'vite';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = path.join(root, 'out');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const deps = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
const isExternal = (id) =>
  id === 'electron' ||
  id.startsWith('node:') ||
  builtinModules.includes(id) ||
  deps.some((d) => id === d || id.startsWith(`${d}/`));

const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);
const t0 = Date.now();
if (only.length === 0) rmSync(out, { recursive: true, force: true });

if (want('renderer')) {
  await build({
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'warn',
  });
}

if (want('preload')) {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: path.join(out, 'preload'),
      emptyOutDir: true,
      minify: false,
      sourcemap: true,
      lib: { entry: path.join(root, 'src/preload/index.ts'), formats: ['cjs'], fileName: () => 'index.cjs' },
      rollupOptions: { external: ['electron'] },
    },
  });
}

if (want('node')) {
  const entries = {
    cli: 'src/cli/index.ts',
    main: 'src/main/index.ts',
    'inference-process': 'src/inference/process.ts',
    // A worker thread's entry of the inference process (src/inference/mask-head/thread.ts finds it beside its chunk).
    'mask-head-worker': 'src/inference/mask-head/worker.ts',
  };
  const input = Object.fromEntries(
    Object.entries(entries)
      .filter(([, file]) => existsSync(path.join(root, file)))
      .map(([name, file]) => [name, path.join(root, file)]),
  );
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: true,
      target: 'node20',
      outDir: path.join(out, 'node'),
      emptyOutDir: true,
      minify: false,
      sourcemap: true,
      rollupOptions: {
        input,
        external: isExternal,
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  });
}
console.log(`build: out/ ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

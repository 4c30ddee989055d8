import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * The e2e build (`ATELIER_E2E=1`, `npm run build:e2e`): the mirror's test hooks and the browser engine's test page
 * are compiled in. The product build leaves both out (STYLE.md §13: product code ships only the product).
 */
const e2eBuild = process.env.ATELIER_E2E === '1';

/** The renderer: Svelte 5 + three.js, served by the web shell or loaded by Electron from out/renderer. */
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'src/renderer'),
  base: './',
  plugins: [svelte(), mediapipeAssets()],
  define: { __ATELIER_E2E__: JSON.stringify(e2eBuild) },
  build: {
    outDir: path.resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
});

/**
 * The browser pose engine's files, from our own origin and never a CDN: tasks-vision's wasm
 * (`node_modules/@mediapipe/tasks-vision/wasm/*` → `mediapipe/wasm/`) and the generated model bundles
 * (`models/pose_landmarker_*.task`, `models/selfie_segmenter.tflite` → `models/`), copied into the built renderer and
 * served at the same paths by the dev server. Also builds `atelier tryon`'s render page (`tryon/render-page.html`)
 * and, in the e2e build only, the engine's test page (`engine/harness.html`).
 */
function mediapipeAssets(): Plugin {
  const root = import.meta.dirname;
  const wasmDir = path.join(root, 'node_modules/@mediapipe/tasks-vision/wasm');
  const modelsDir = path.join(root, 'models');
  const isModel = (f: string): boolean => /^pose_landmarker_(lite|full|heavy)\.task$/.test(f) || f === 'selfie_segmenter.tflite';
  /** URL path under the renderer root → file on disk. */
  const files = (): Map<string, string> => {
    const map = new Map<string, string>();
    for (const f of fs.readdirSync(wasmDir)) map.set(`mediapipe/wasm/${f}`, path.join(wasmDir, f));
    if (fs.existsSync(modelsDir)) for (const f of fs.readdirSync(modelsDir).filter(isModel)) map.set(`models/${f}`, path.join(modelsDir, f));
    return map;
  };
  return {
    name: 'atelier-mediapipe-assets',
    config: () => ({
      build: {
        rolldownOptions: {
          input: {
            index: path.join(root, 'src/renderer/index.html'),
            ...(e2eBuild ? { 'engine-harness': path.join(root, 'src/renderer/engine/harness.html') } : {}),
            // `atelier tryon`'s render page (the mirror's scene and fitting on still frames).
            'tryon-render': path.join(root, 'src/renderer/tryon/render-page.html'),
          },
        },
      },
    }),
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = files().get(decodeURIComponent((req.url ?? '').split('?')[0]!.replace(/^\//, '')));
        if (!file) return next();
        res.setHeader('Content-Type', file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream');
        fs.createReadStream(file).pipe(res);
      });
    },
    writeBundle(options) {
      const outDir = options.dir ?? path.join(root, 'out/renderer');
      const map = files();
      if (![...map.keys()].some((k) => k.startsWith('models/'))) {
        this.warn(`no pose_landmarker_*.task in ${modelsDir}: the browser engine will fail until \`npm run models:build\``);
      }
      for (const [rel, file] of map) {
        fs.mkdirSync(path.dirname(path.join(outDir, rel)), { recursive: true });
        fs.copyFileSync(file, path.join(outDir, rel));
      }
    },
  };
}

// Runs after `npm ci` / `npm install`: builds the app into out/ and the generated assets — the ONNX models and
// tasks-vision bundles converted from MediaPipe's Apache-2.0 TFLite files, and the demo garment collection.
// Order matters: the CLI is built first (it converts the models), the renderer last (it bundles the .task files
// for the in-browser engine). Each step skips work already done.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const run = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

rmSync(path.join(root, 'out'), { recursive: true, force: true });
run(['scripts/build.mjs', 'node', 'preload']);
run(['bin/atelier.mjs', 'models', 'build']);
// The int8 lite model (calibrated and gated on ../shared/media; skipped without it): the int8 gate test reads it.
// Full and heavy on demand (`atelier models int8`): mixed precision passes their gates only by staying mostly float,
// no faster than fp32 (models/README.md), so `auto` would not use them anyway.
run(['bin/atelier.mjs', 'models', 'int8', '--model', 'lite', '--if-media']);
run(['bin/atelier.mjs', 'demo', 'build']);
run(['scripts/build.mjs', 'renderer']);

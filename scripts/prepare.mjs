// Runs after `npm ci` / `npm install`: builds the app into out/, then the generated assets (ONNX models from
// MediaPipe's TFLite files, the demo garment collection). Each step is idempotent and skips work already done.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const run = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

run(['scripts/build.mjs']);
// ONNX models converted from MediaPipe's Apache-2.0 TFLite files shipped in npm packages (≈3 s, skipped when current).
run(['bin/atelier.mjs', 'models', 'build']);
// The demo collection: procedural garment images with anchors, skinned GLBs and the demo catalog (≈6 s).
run(['bin/atelier.mjs', 'demo', 'build']);

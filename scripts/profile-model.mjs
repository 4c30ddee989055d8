// Per-node profile of one ONNX model with ONNX Runtime's own profiler: kernel time per operator type and the most
// expensive nodes (with their output shapes), averaged over the runs. A dev tool (issue 18.3: where a converted graph
// loses its time). Run: node scripts/profile-model.mjs models/pose_landmark_lite.onnx [runs=20] [threads=1] [level=all]
// Random input in [0, 1] of the model's first input shape (from the graph; dynamic dims become 1).
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';

process.env.ORT_DISABLE_TELEMETRY = '1';
const [file, runsArg = '20', threadsArg = '1', level = 'all'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/profile-model.mjs <model.onnx> [runs] [threads] [all|extended|basic|disabled]');
  process.exit(2);
}
const runs = Number(runsArg);
const dir = mkdtempSync(path.join(os.tmpdir(), 'ort-profile-'));
const session = await ort.InferenceSession.create(file, {
  graphOptimizationLevel: level,
  intraOpNumThreads: Number(threadsArg),
  interOpNumThreads: 1,
  executionMode: 'sequential',
  enableProfiling: true,
  profileFilePrefix: path.join(dir, 'profile'),
  extra: { session: { intra_op: { allow_spinning: '0' } } },
});
const meta = session.inputMetadata?.[0];
const shape = meta?.shape?.map((d) => (typeof d === 'number' ? d : 1)) ?? [1, 256, 256, 3];
const x = new ort.Tensor('float32', Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.random()), shape);
const WARM_UP = 3;
for (let i = 0; i < WARM_UP + runs; i++) await session.run({ [session.inputNames[0]]: x });
await session.endProfiling();
await session.release();
const events = JSON.parse(readFileSync(path.join(dir, readdirSync(dir)[0]), 'utf8'));
rmSync(dir, { recursive: true, force: true });

const total = WARM_UP + runs;
const byOp = new Map();
const byNode = new Map();
for (const e of events) {
  if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
  byOp.set(e.args.op_name, (byOp.get(e.args.op_name) ?? 0) + e.dur);
  const key = `${e.name.replace(/_kernel_time$/, '')} ${e.args.op_name} ${JSON.stringify(e.args.output_type_shape?.[0] ?? '')}`;
  byNode.set(key, (byNode.get(key) ?? 0) + e.dur);
}
const ms = (us) => (us / total / 1000).toFixed(2);
const sum = [...byOp.values()].reduce((a, b) => a + b, 0);
console.log(`${file}: ${ms(sum)} ms kernel time per run (${runs} runs + ${WARM_UP} warm-up, ${threadsArg} thread(s), level ${level}; load ${os.loadavg()[0].toFixed(1)})`);
for (const [op, us] of [...byOp].sort((a, b) => b[1] - a[1])) console.log(`  ${op.padEnd(22)} ${ms(us).padStart(7)} ms  ${((100 * us) / sum).toFixed(1).padStart(5)} %`);
console.log('  most expensive nodes:');
for (const [node, us] of [...byNode].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${ms(us).padStart(7)} ms  ${node}`);

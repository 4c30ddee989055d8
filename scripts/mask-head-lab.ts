// Lab (issue 18.3): variants of the mask head's 256-px tail against the exact head on the 20 shared COCO photos, each
// stretched to the landmark model's 256 × 256 input (ROI space: IoU of logit > 0 after upsampling 128-px logits
// bilinearly, area ratio) and CPU per head run, one thread. tail128: the tail's kernels as they are at 128 px;
// avg128: the half-scale kernels the build uses (split-mask-head.ts lowerMaskHeadTail). Run: npx jiti scripts/mask-head-variants-lab.ts lite|full 2>/dev/null
import { readFileSync } from 'node:fs';
import ort from 'onnxruntime-node';
import { lowerMaskHeadTail } from '../src/models/convert/split-mask-head';
import { ModelProto } from '../src/models/onnx/proto';
import { inModelLayout, photos, photoTensor } from '../tests/fixtures/models-testing';
const which = process.argv[2] ?? 'lite';
const bytes = readFileSync(`models/pose_landmark_${which}_maskhead.onnx`);
interface LabNode { opType: string; name: string; input: string[]; output: string[] }
interface LabGraph { node: LabNode[]; initializer: Array<{ name: string }>; output: Array<{ name: string }> }
const m = ModelProto.toObject(ModelProto.decode(bytes), { arrays: true, longs: Number, bytes: Uint8Array }) as { graph: LabGraph };
/** The tail at 128 px with its kernels as they are (what the build does not do: the kernels then reach twice as far). */
function tail128AsIs(): Uint8Array {
  const g = structuredClone(m.graph);
  const r = g.node.filter((n) => n.opType === 'Resize').at(-1)!;
  g.node = g.node.filter((n) => n !== r).map((n) => ({ ...n, input: n.input.map((x) => (x === r.output[0] ? r.input[0]! : x)) }));
  g.initializer = g.initializer.filter((t) => t.name !== r.input[3]);
  g.output = g.output.map((o) => ({ name: o.name, type: { tensorType: { elemType: 1 } } }));
  return ModelProto.encode(ModelProto.fromObject({ ...m, graph: g })).finish();
}
const opts = (level: 'all' | 'extended'): ort.InferenceSession.SessionOptions => ({ graphOptimizationLevel: level, intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', extra: { session: { intra_op: { allow_spinning: '0' } } } });
const trunk = await ort.InferenceSession.create(`models/pose_landmark_${which}_trunk.onnx`, opts('all'));
const manifest = JSON.parse(readFileSync('models/manifest.json', 'utf8')) as { models: Array<{ id: string; inputs: Array<{ shape: number[]; layout: string }> }> };
const trunkInput = manifest.models.find((x) => x.id === `pose_landmark_${which}`)!.inputs[0]!;
const heads: Record<string, ort.InferenceSession> = {
  exact: await ort.InferenceSession.create(bytes, opts('extended')),
  tail128: await ort.InferenceSession.create(tail128AsIs(), opts('extended')),
  avg128: await ort.InferenceSession.create(lowerMaskHeadTail(bytes), opts('extended')),
};
function up(l: Float32Array, s: number): Float32Array {
  if (s === 256) return l;
  const o = new Float32Array(256 * 256);
  for (let y = 0; y < 256; y++) for (let x = 0; x < 256; x++) {
    const u = Math.min(Math.max((x + 0.5) / 2 - 0.5, 0), s - 1), v = Math.min(Math.max((y + 0.5) / 2 - 0.5, 0), s - 1);
    const x0 = Math.floor(u), y0 = Math.floor(v), x1 = Math.min(x0 + 1, s - 1), y1 = Math.min(y0 + 1, s - 1), fu = u - x0, fv = v - y0;
    const t = l[y0 * s + x0]! * (1 - fu) + l[y0 * s + x1]! * fu, b = l[y1 * s + x0]! * (1 - fu) + l[y1 * s + x1]! * fu;
    o[y * 256 + x] = t * (1 - fv) + b * fv;
  }
  return o;
}
const stats: Record<string, { iou: number[]; area: number[] }> = {};
let lastFeeds: Record<string, ort.Tensor> = {};
for (const p of photos()) {
  const x = new ort.Tensor('float32', inModelLayout(await photoTensor(p, 256, 256, 0, 255), trunkInput), trunkInput.shape);
  const t = await trunk.run({ input_1: x });
  const feeds = Object.fromEntries(heads.exact!.inputNames.map((n) => [n, t[n]!]));
  lastFeeds = feeds;
  const ref = (await heads.exact!.run(feeds))[heads.exact!.outputNames[0]!]!.data as Float32Array;
  for (const [name, h] of Object.entries(heads)) {
    const o = (await h.run(feeds))[h.outputNames[0]!]!;
    const l = up(o.data as Float32Array, o.dims[1]!);
    let both = 0, either = 0, a = 0, b = 0;
    for (let i = 0; i < ref.length; i++) { const p1 = ref[i]! > 0, p2 = l[i]! > 0; if (p1 && p2) both++; if (p1 || p2) either++; if (p1) a++; if (p2) b++; }
    if (a < 500) continue;
    (stats[name] ??= { iou: [], area: [] }).iou.push(both / either); stats[name]!.area.push(b / a);
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
for (const [name, h] of Object.entries(heads)) {
  const s = stats[name]!;
  for (let i = 0; i < 3; i++) await h.run(lastFeeds);
  const n = 30;
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await h.run(lastFeeds);
  const c = process.cpuUsage(c0);
  console.log(which, name.padEnd(12), 'photos', s.iou.length, 'IoU median', med(s.iou).toFixed(4), 'worst', Math.min(...s.iou).toFixed(4), 'area ratio median', med(s.area).toFixed(3), 'cpu/run', ((c.user + c.system) / 1000 / n).toFixed(2));
}

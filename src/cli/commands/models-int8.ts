/**
 * `atelier models int8`: static int8 quantization of the pose landmark models (QDQ, src/models/quantize/int8.ts),
 * calibrated on ROI crops the tracker cuts from the shared clips, mixed precision (the nodes whose int8 error costs the
 * most accuracy per multiply-accumulate stay float, src/inference/quantization/mixed-precision.ts), then gated against
 * the float models on the shared COCO photos (src/inference/quantization/gate.ts). Writes
 * `pose_landmark_<size>[_nomask]_int8_mixed.onnx` beside the float models (temporary file, then rename; new names, so
 * files of earlier builds that other checkouts may share are never overwritten) and their manifest entries
 * (`pose_landmark_<size>[_nomask]_int8`), gate result and kept-float nodes included.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { probeVideo, streamVideoFrames } from '../../inference/bench/frames';
import { createOrtPoseModels, type PoseModelSize } from '../../inference/pose-models-ort';
import { collectLandmarkCrops, observeRanges, tensorElements, type RangeMethod } from '../../inference/quantization/calibrate';
import { GATE_MAX_ERROR, GATE_MEDIAN_ERROR, gatePhotos, runAccuracyGate, type GateResult } from '../../inference/quantization/gate';
import { chooseKeepFloat, cpuMsPerRun, int8Errors, landmarkOutputs, measureSensitivity, type CropErrors, type MixedPrecisionChoice, type MixedPrecisionInputs } from '../../inference/quantization/mixed-precision';
import type { RgbaFrame } from '../../inference/pipeline/types';
import { MODEL_LANDMARK_COUNT } from '../../inference/pipeline/landmarks';
import { sha256 } from '../../models/build';
import { equalizablePairs, equalizeChannels } from '../../models/quantize/equalize';
import { gptqConvWeights } from '../../models/quantize/gptq';
import { branchKeepFloat, nodeCosts, observedModel, quantizableNodes, quantizedConvs, quantizeInt8, withOutputs } from '../../models/quantize/int8';
import { preparePtq, type PtqTools } from '../../inference/quantization/prepare';
import { MANIFEST_FILE, ModelsManifest, type ManifestModel } from '../../shared/models-manifest';

/** Clips the calibration crops come from (not the gate's photos: calibrating on the test photos would flatter it). */
const CALIBRATION_CLIPS = ['mirror_run.mp4', 'video.avi'];
/**
 * Every n-th frame of a clip, up to this many per clip: 48 crops in all cover the poses of both clips (running in
 * place, walking) without near-duplicates; more changed no range by more than rounding in our runs.
 */
const CALIBRATION_STRIDE = 10;
const CALIBRATION_FRAMES_PER_CLIP = 24;
/**
 * Activation ranges: `mse` (the 8-bit grid with the least squared error over the values seen). Measured on full, all
 * nodes int8: median landmark error on the crops 2.8 % (mse) vs 3.1 % (min/max) vs 2.9 % (percentile).
 */
const RANGE_METHOD: RangeMethod = 'mse';
/**
 * Post-training steps before rounding (src/inference/quantization/prepare.ts). Measured on full with every node int8
 * but the regression heads (`scripts/int8-lab.ts`, median / worst landmark error on 37 crops not calibrated on, then
 * the gate's photos): MSE ranges alone 1.38 % / 49.9 % (photos 1.58 % / 8.66 %), with equalisation 1.16 % / 14.4 %
 * (1.76 % / 6.66 %), with equalisation and GPTQ 0.99 % / 20.2 % (1.10 % / 11.75 %). Bias correction did not help
 * (1.31 % on the crops, 2.31 % on the photos). None brings all-int8 near the gate (0.5 %). With both on, the lite
 * build's mixed precision still kept 83 of 94 nodes float (75 % of the multiply-accumulates, before: 80 nodes, 76 %),
 * 0.91× fp32's CPU time, gate 0.32 % / 2.63 % (before 0.24 % / 1.21 %), and the build took 699 s instead of ≈ 150 s
 * (loaded machine): off until a method moves the kept-float share.
 */
const PTQ_STEPS = { equalize: false, gptq: false };
const PTQ_TOOLS: PtqTools = {
  pairs: equalizablePairs,
  equalize: (m, a) => equalizeChannels(m, a, { mixingAlpha: 1 }),
  convs: (m) => quantizedConvs(m),
  round: gptqConvWeights,
  expose: withOutputs,
};
/**
 * What the int8 model may cost on the calibration crops: half the gate's thresholds, so that the photos the gate
 * checks (not seen in calibration) keep a margin.
 */
const CROP_BUDGET: CropErrors = { median: GATE_MEDIAN_ERROR / 2, max: GATE_MAX_ERROR / 2 };
/** Sensitivity is measured on every n-th crop (one int8 model per node: 106 for full, 253 for heavy). */
const SENSITIVITY_CROP_STRIDE = 3;

export interface Int8BuildOptions {
  modelsDir: string;
  /** Folder with the clips and the COCO photos (../shared/media). */
  mediaDir: string;
  sizes: readonly PoseModelSize[];
  /** Rebuild sizes whose int8 models are already current. @default false */
  force?: boolean;
  onProgress?: (line: string) => void;
}

export interface Int8BuildReport {
  ms: number;
  crops: number;
  gates: Record<string, GateResult>;
  /** Sizes whose int8 models were current (made from today's float models, files intact, gate recorded). */
  skipped: PoseModelSize[];
}

/** True when `size`'s int8 models were made from the float models now in the manifest and are intact. */
function int8Current(manifest: ModelsManifest, modelsDir: string, size: PoseModelSize): boolean {
  const ids = [`pose_landmark_${size}`, `pose_landmark_${size}_nomask`].filter((id) => manifest.models.some((m) => m.id === id));
  return ids.every((id) => {
    const float = manifest.models.find((m) => m.id === id)!;
    const q = manifest.models.find((m) => m.id === `${id}_int8`);
    const file = q && path.join(modelsDir, q.file);
    return q?.gate && q.keptFloat && q.derivedFrom?.sha256 === float.sha256 && file && existsSync(file) && sha256(new Uint8Array(readFileSync(file))) === q.sha256;
  });
}

function writeAtomic(file: string, bytes: Uint8Array | string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}

async function* sampledFrames(file: string): AsyncGenerator<RgbaFrame> {
  const size = await probeVideo(file);
  let i = 0;
  let taken = 0;
  for await (const data of streamVideoFrames(file, size, CALIBRATION_STRIDE * CALIBRATION_FRAMES_PER_CLIP)) {
    if (i++ % CALIBRATION_STRIDE !== 0) continue;
    taken++;
    yield { data, widthPx: size.widthPx, heightPx: size.heightPx, timestampMs: 0 };
    if (taken >= CALIBRATION_FRAMES_PER_CLIP) return;
  }
}

/** The landmark model's heatmap output: the one 4-D output with one channel per model landmark ([1, 64, 64, 39]). */
function heatmapOutput(model: ManifestModel): string {
  const heatmaps = model.outputs.filter((o) => o.shape.length === 4 && o.shape[3] === MODEL_LANDMARK_COUNT);
  if (heatmaps.length !== 1) throw new Error(`${model.id}: expected one [1, h, w, ${MODEL_LANDMARK_COUNT}] heatmap output, found ${heatmaps.length}`);
  return heatmaps[0]!.name;
}

/**
 * The nodes kept float. First whole branches (int8.ts `branchKeepFloat`: the stem and the regression branch, two
 * float/int8 boundaries, a few % of the compute): when that meets the crop budget it is the choice, since every extra
 * boundary costs a layout switch that node-by-node sets pay many times over (models/README.md, int8). Otherwise node by
 * node, the most sensitive per multiply-accumulate, as few as the budget allows. Deterministic: same crops, same set.
 */
async function chooseMixedPrecision(
  mixed: MixedPrecisionInputs,
  probe: Uint8Array,
  heatmap: string,
  progress: (line: string) => void,
): Promise<MixedPrecisionChoice & { by: 'branches' | 'sensitivity' }> {
  const branches = branchKeepFloat(probe, heatmap);
  const branchErrors = await int8Errors(mixed, new Set(branches));
  const fits = branchErrors.median <= CROP_BUDGET.median && branchErrors.max <= CROP_BUDGET.max;
  progress(
    `stem and regression branch float (${branches.length} of ${mixed.nodes.length} nodes): on the crops median ${(branchErrors.median * 100).toFixed(2)} %, ` +
      `worst ${(branchErrors.max * 100).toFixed(2)} % — ${fits ? 'within' : 'over'} the budget (${CROP_BUDGET.median * 100} %, ${CROP_BUDGET.max * 100} %)`,
  );
  if (fits) return { keepFloat: branches, nodes: mixed.nodes.length, errors: branchErrors, tried: [{ keptFloat: branches.length, ...branchErrors }], by: 'branches' };
  const sampled = { ...mixed, crops: mixed.crops.filter((_, i) => i % SENSITIVITY_CROP_STRIDE === 0), reference: mixed.reference.filter((_, i) => i % SENSITIVITY_CROP_STRIDE === 0) };
  const sensitivity = await measureSensitivity(sampled, (done, total) => {
    if (done % 25 === 0 || done === total) progress(`sensitivity ${done}/${total} nodes`);
  });
  return { ...(await chooseKeepFloat(mixed, sensitivity, CROP_BUDGET)), by: 'sensitivity' };
}

export async function buildInt8Models(opts: Int8BuildOptions): Promise<Int8BuildReport> {
  const t0 = performance.now();
  const manifestFile = path.join(opts.modelsDir, MANIFEST_FILE);
  const readManifest = () => v.parse(ModelsManifest, JSON.parse(readFileSync(manifestFile, 'utf8')));
  const skipped = opts.force ? [] : opts.sizes.filter((size) => int8Current(readManifest(), opts.modelsDir, size));
  const sizes = opts.sizes.filter((size) => !skipped.includes(size));
  if (sizes.length === 0) return { ms: performance.now() - t0, crops: 0, gates: {}, skipped };
  const clips = CALIBRATION_CLIPS.map((c) => path.join(opts.mediaDir, c));
  const photos = existsSync(opts.mediaDir) ? gatePhotos(opts.mediaDir) : [];
  const missing = clips.filter((c) => !existsSync(c));
  if (missing.length > 0 || photos.length === 0) {
    throw new Error(`int8 models need the shared media: ${[...missing, ...(photos.length ? [] : [`COCO_*.jpg in ${opts.mediaDir}`])].join(', ')} not found`);
  }

  // One set of crops for every size: the ROI comes from the detector and the full model's landmarks, and all three
  // landmark models read the same 256 × 256 crops.
  const cropper = await createOrtPoseModels({ modelsDir: opts.modelsDir, model: 'full', ep: 'cpu' });
  const crops: Float32Array[] = [];
  try {
    for (const clip of clips) crops.push(...(await collectLandmarkCrops(cropper, sampledFrames(clip))));
  } finally {
    await cropper.dispose();
  }
  opts.onProgress?.(`calibration: ${crops.length} crops from ${CALIBRATION_CLIPS.join(', ')}`);

  const gates: Record<string, GateResult> = {};
  for (const size of sizes) {
    const t = performance.now();
    const manifest = readManifest();
    const base = manifest.models.find((m) => m.id === `pose_landmark_${size}`);
    if (!base) throw new Error(`models/manifest.json has no pose_landmark_${size}: run \`atelier models build\` first`);
    const input = base.inputs[0]!;
    const floatBytes = new Uint8Array(readFileSync(path.join(opts.modelsDir, base.file)));
    // Sensitivity and the kept-float set come from the graph without the mask head (the same landmark nodes, faster
    // to run); the mask head's own nodes are quantized in the full graph.
    const noMask = manifest.models.find((m) => m.id === `pose_landmark_${size}_nomask`);
    const probeBytes = noMask ? new Uint8Array(readFileSync(path.join(opts.modelsDir, noMask.file))) : floatBytes;
    // Equalise (and round by GPTQ) on the graph with the mask head: its pairs and Convs include the probe's, with the
    // same amplitudes and inputs, so the probe takes the same scales and int8 weights.
    const prepared = await preparePtq(floatBytes, input, crops, PTQ_TOOLS, PTQ_STEPS);
    const floatEq = prepared.model;
    const probeEq = PTQ_STEPS.equalize ? PTQ_TOOLS.equalize(probeBytes, prepared.amplitudes) : probeBytes;
    const weightInts = prepared.weightInts;
    opts.onProgress?.(`pose_landmark_${size}: ${prepared.amplitudes.size} layer pairs equalised, ${weightInts.size} Convs rounded by GPTQ`);
    const observed = observedModel(floatEq);
    const ranges = await observeRanges(observed.onnx, input, observed.tensors, crops, RANGE_METHOD);
    const probeObserved = observedModel(probeEq);
    const elements = await tensorElements(probeObserved.onnx, input, probeObserved.tensors, crops[0]!);
    const mixed: MixedPrecisionInputs = {
      nodes: quantizableNodes(probeBytes),
      quantize: (keepFloat) => quantizeInt8(probeEq, ranges, `${size} probe`, { keepFloat, weightInts }),
      input,
      costs: nodeCosts(probeBytes, (t) => elements.get(t)),
      crops,
      reference: await landmarkOutputs(probeBytes, input, crops),
    };
    const choice = await chooseMixedPrecision(mixed, probeBytes, heatmapOutput(base), (line) => opts.onProgress?.(`pose_landmark_${size}: ${line}`));
    const keepFloat = new Set(choice.keepFloat);
    const costs = mixed.costs!;
    const totalMacs = [...costs.values()].reduce((a, b) => a + b, 0);
    const floatMacs = choice.keepFloat.reduce((a, n) => a + (costs.get(n) ?? 0), 0);
    opts.onProgress?.(
      `pose_landmark_${size}: ${choice.keepFloat.length} of ${choice.nodes} nodes kept float (${((100 * floatMacs) / totalMacs).toFixed(0)} % of the multiply-accumulates); ` +
        `on the crops median ${(choice.errors.median * 100).toFixed(2)} %, worst ${(choice.errors.max * 100).toFixed(2)} %`,
    );
    const probeInt8 = quantizeInt8(probeEq, ranges, `${size} timing`, { keepFloat, weightInts });
    const [floatMs, int8Ms] = await cpuMsPerRun([probeBytes, probeInt8], input, crops);
    const cpuSpeedup = floatMs! / int8Ms!;
    opts.onProgress?.(`pose_landmark_${size}: CPU per run fp32 ${floatMs!.toFixed(1)} ms, int8 ${int8Ms!.toFixed(1)} ms (${cpuSpeedup.toFixed(2)}×, one thread, in turn)`);
    const entries: ManifestModel[] = [];
    for (const source of [base, noMask]) {
      if (!source) continue;
      const bytes = source === base ? floatEq : probeEq;
      const id = `${source.id}_int8`;
      const q = quantizeInt8(bytes, ranges, id, { keepFloat, weightInts });
      const file = `${id}_mixed.onnx`;
      writeAtomic(path.join(opts.modelsDir, file), q);
      entries.push({
        ...source,
        id,
        file,
        sha256: sha256(q),
        bytes: q.length,
        precision: 'int8',
        derivedFrom: { id: source.id, sha256: source.sha256 },
        keptFloat: choice.keepFloat,
        keptFloatBy: choice.by,
        calibration: RANGE_METHOD,
        cpuSpeedup,
      });
    }
    const withEntries = (m: ModelsManifest, list: ManifestModel[]): ModelsManifest => ({
      ...m,
      models: [...m.models.filter((x) => !list.some((e) => e.id === x.id)), ...list],
    });
    writeAtomic(manifestFile, JSON.stringify(withEntries(readManifest(), entries), null, 2) + '\n');
    const gate = await runAccuracyGate(opts.modelsDir, size, 'int8', photos);
    gates[size] = gate;
    const gateEntry = {
      passed: gate.passed,
      photos: gate.photos,
      medianError: gate.medianError,
      maxError: gate.maxError,
      decisionsDiffer: gate.decisionsDiffer,
      source: `COCO photos of ${opts.mediaDir}`,
    };
    writeAtomic(manifestFile, JSON.stringify(withEntries(readManifest(), entries.map((e) => ({ ...e, gate: gateEntry }))), null, 2) + '\n');
    opts.onProgress?.(
      `pose_landmark_${size}_int8: ${(entries[0]!.bytes / 1e6).toFixed(1)} MB, gate ${gate.passed ? 'passed' : 'FAILED'} ` +
        `(median ${(gate.medianError * 100).toFixed(2)}%, worst photo ${(gate.maxError * 100).toFixed(2)}% of the body diagonal, ` +
        `${gate.decisionsDiffer} detect decisions differ, ${gate.photos} photos) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
  }
  return { ms: performance.now() - t0, crops: crops.length, gates, skipped };
}

/**
 * int8 lab: measures post-training quantization methods on one landmark model with the accuracy gate's own metric, on
 * the calibration crops (int8 against float, in the crop) and on the gate's COCO photos (the tracker, as the gate runs
 * it). Not part of the build; `atelier models int8` uses what this found.
 *
 *   nice npx jiti scripts/int8-lab.ts <lite|full|heavy> <method,...>
 *
 * Methods: minmax, mse, percentile (ranges), +bc (bias correction), +cle[alpha] (cross-layer equalisation), +gptq (GPTQ
 * rounding), +ada (GPTQ's rounding refined by coordinate descent on AdaRound's objective), +first<n> / +last<n> (the
 * first / last n quantizable nodes float), +branches (the stem and the regression branch float, int8.ts `branchKeepFloat`),
 * +sens<k> (the k nodes whose int8 alone costs the most float).
 *
 * PHOTO_CROPS=1: instead of the gate, the gate's metric on the crops the fp32 tracker cuts from the gate's photos (int8
 * against float in the crop, ≈ 10 s instead of minutes; it tracks the gate within ≈ 0.15 %), with the worst photo's
 * error split into its regression and heatmap parts. Diagnosis only: those crops are never calibrated on.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { probeVideo, streamVideoFrames } from '../src/inference/bench/frames';
import { createOrtPoseModels, type PoseModelSize } from '../src/inference/pose-models-ort';
import { PoseTracker } from '../src/inference/tracker';
import { loadImageRgba } from '../src/inference/bench/frames';
import { collectLandmarkCrops, observeRanges, tensorElements, type RangeMethod } from '../src/inference/quantization/calibrate';
import { GATE_MAX_ERROR, GATE_MEDIAN_ERROR, gatePhotos, runAccuracyGate } from '../src/inference/quantization/gate';
import { cropLandmarkError, cpuMsPerRun, keepFloatOrder, landmarkOutputs, measureSensitivity, summarizeErrors } from '../src/inference/quantization/mixed-precision';
import { channelStats } from '../src/inference/quantization/channel-stats';
import { equalizablePairs, equalizeChannels } from '../src/models/quantize/equalize';
import { patchMoments } from '../src/inference/quantization/weight-rounding';
import { gptqConvWeights } from '../src/models/quantize/gptq';
import { correctBiases } from '../src/inference/quantization/bias-correction';
import { branchKeepFloat, nodeCosts, observedModel, quantizableNodes, quantizedConvs, quantizeInt8, withOutputs, type QuantizeOptions } from '../src/models/quantize/int8';

const repo = path.resolve(import.meta.dirname ?? __dirname, '..');
const media = path.resolve(repo, '../shared/media');
const modelsDir = path.join(repo, 'models');
const cache = '/tmp/int8-lab';
mkdirSync(cache, { recursive: true });

async function crops(): Promise<Float32Array[]> {
  // Named by layout: the crops are in the models' input order (planar since the converter's NCHW input).
  const file = path.join(cache, 'crops-nchw.bin');
  const n = 256 * 256 * 3;
  if (existsSync(file)) {
    const b = readFileSync(file);
    const all = new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
    return Array.from({ length: all.length / n }, (_, i) => all.slice(i * n, (i + 1) * n));
  }
  const cropper = await createOrtPoseModels({ modelsDir, model: 'full', ep: 'cpu' });
  const out: Float32Array[] = [];
  for (const clip of ['mirror_run.mp4', 'video.avi']) {
    const f = path.join(media, clip);
    const size = await probeVideo(f);
    async function* frames() {
      let i = 0;
      for await (const data of streamVideoFrames(f, size, 400)) if (i++ % 5 === 0) yield { data, widthPx: size.widthPx, heightPx: size.heightPx, timestampMs: 0 };
    }
    out.push(...(await collectLandmarkCrops(cropper, frames())));
  }
  await cropper.dispose();
  const all = new Float32Array(out.length * n);
  out.forEach((c, i) => all.set(c, i * n));
  writeFileSync(file, all);
  return out;
}

/** The 256 × 256 crops the fp32 tracker (static mode, as the gate) feeds the landmark model, one per photo with a person. */
async function photoCrops(size: PoseModelSize): Promise<Array<{ file: string; crop: Float32Array }>> {
  const models = await createOrtPoseModels({ modelsDir, model: size, ep: 'cpu', precision: 'fp32' });
  const tracker = new PoseTracker(models, { mode: 'static', segmentation: false, subject: 'highest-score' });
  const out: Array<{ file: string; crop: Float32Array }> = [];
  for (const file of gatePhotos(media)) {
    const pose = await tracker.process({ ...(await loadImageRgba(file)), timestampMs: 0 });
    // The tracker's input buffer holds this photo's crop until the next process call.
    if (pose.landmarks.length) out.push({ file: path.basename(file), crop: Float32Array.from((tracker as unknown as { landmarkInput: Float32Array }).landmarkInput) });
  }
  await models.dispose();
  return out;
}

async function main() {
  const size = (process.argv[2] ?? 'full') as PoseModelSize;
  const methods = (process.argv[3] ?? 'mse').split(',');
  const manifest = JSON.parse(readFileSync(path.join(modelsDir, 'manifest.json'), 'utf8'));
  const base = manifest.models.find((m: { id: string }) => m.id === `pose_landmark_${size}_nomask`);
  const input = base.inputs[0];
  const heatmapOutput: string = base.outputs.find((o: { shape: number[] }) => o.shape.length === 4 && o.shape[3] === 39).name;
  const bytes: Uint8Array = new Uint8Array(readFileSync(path.join(modelsDir, base.file)));
  const all = await crops();
  // Calibrate on even crops, check on odd ones (and on the photos).
  const calib = all.filter((_, i) => i % 2 === 0);
  const check = all.filter((_, i) => i % 2 === 1);
  console.log(`${all.length} crops: ${calib.length} calibration, ${check.length} check`);
  const ref = await landmarkOutputs(bytes, input, check);
  let photos: Array<{ file: string; crop: Float32Array }> | undefined;
  let photoRef: Awaited<ReturnType<typeof landmarkOutputs>> | undefined;
  const rangesBy = new Map<string, Awaited<ReturnType<typeof observeRanges>>>();
  const lab = path.join(cache, `models-${process.pid}`);
  mkdirSync(lab);
  for (const f of manifest.models.map((m: { file: string }) => m.file)) if (!existsSync(path.join(lab, f))) symlinkSync(path.join(modelsDir, f), path.join(lab, f));
  for (const spec of methods) {
    const [range, ...extras] = spec.split('+') as [RangeMethod, ...string[]];
    const t = performance.now();
    let model: Uint8Array = bytes;
    const cle = extras.find((x) => x.startsWith('cle'));
    if (cle) {
      const pairs = equalizablePairs(bytes);
      const tensors = pairs.map((p) => ({ name: p.tensor, channels: p.channels }));
      const amps = await channelStats(withOutputs(bytes, tensors.map((t) => t.name)), input, calib, tensors, 'amplitude');
      const mixingAlpha = cle.length > 3 ? Number(cle.slice(3)) : 0.5;
      model = equalizeChannels(bytes, new Map([...amps].map(([k, v]) => [k, Float32Array.from(v)])), { mixingAlpha });
      console.log(`  ${pairs.length} pairs equalised (${pairs.filter((p) => p.depthwise).length} into depthwise), mixing alpha ${mixingAlpha}`);
    }
    const key = `${range}${cle ?? ''}`;
    if (!rangesBy.has(key)) {
      const obs = observedModel(model);
      rangesBy.set(key, await observeRanges(obs.onnx, input, obs.tensors, calib, range));
    }
    const ranges = rangesBy.get(key)!;
    const options: QuantizeOptions = {};
    const nodes = quantizableNodes(model);
    const firstN = Number(extras.find((x) => x.startsWith('first'))?.slice(5) ?? 0);
    const lastN = Number(extras.find((x) => x.startsWith('last'))?.slice(4) ?? 0);
    if (firstN || lastN) options.keepFloat = new Set([...nodes.slice(0, firstN), ...nodes.slice(nodes.length - lastN)]);
    if (extras.includes('branches')) options.keepFloat = new Set([...(options.keepFloat ?? []), ...branchKeepFloat(model, heatmapOutput)]);
    if (extras.includes('bc')) {
      // g<n>: Convs corrected per pass; 1 (strictly layer by layer) unless asked: larger groups overcorrect (models/README.md).
      const group = Number(extras.find((x) => /^g\d+$/.test(x))?.slice(1) ?? 1);
      options.biasShift = await correctBiases({
        float: model,
        input,
        crops: calib,
        convs: quantizedConvs(model, options),
        quantize: (biasShift) => quantizeInt8(model, ranges, spec, { ...options, biasShift }),
        expose: withOutputs,
        group,
        onProgress: (d, n) => process.stdout.write(`\r  bias correction ${d}/${n}`),
      });
      process.stdout.write('\n');
    }
    if (extras.includes('gptq')) {
      const convs = quantizedConvs(model, options);
      const moments = await patchMoments(withOutputs(model, [...new Set(convs.map((c) => c.input))]), input, calib, convs, (d, n) => process.stdout.write(`\r  moments ${d}/${n}`));
      process.stdout.write('\n');
      options.weightInts = new Map(convs.map((c) => [c.node, gptqConvWeights(c.weights, c.weightDims, moments.get(c.node)!, { refine: extras.includes('ada') })]));
    }
    const sens = extras.find((x) => x.startsWith('sens'));
    if (sens) {
      // Each node int8 alone (everything else float, with this spec's equalisation and rounding) on every third
      // calibration crop, as the build measures it; then the k most severe float, by severity alone (not per
      // multiply-accumulate): the share of compute kept float is reported, not optimised.
      const sampled = calib.filter((_, i) => i % 3 === 0);
      const sensFile = path.join(cache, `sens-${size}-${spec.replace(/\+sens\d+/, '').replace(/\+/g, '_')}.json`);
      const ranked = existsSync(sensFile)
        ? JSON.parse(readFileSync(sensFile, 'utf8'))
        : await measureSensitivity(
            { nodes, quantize: (keepFloat) => quantizeInt8(model, ranges, spec, { ...options, keepFloat }), input, crops: sampled, reference: await landmarkOutputs(bytes, input, sampled) },
            (d, n) => process.stdout.write(`\r  sensitivity ${d}/${n}`),
          );
      process.stdout.write('\n');
      writeFileSync(sensFile, JSON.stringify(ranked));
      const order = keepFloatOrder(ranked, { median: GATE_MEDIAN_ERROR / 2, max: GATE_MAX_ERROR / 2 });
      options.keepFloat = new Set([...(options.keepFloat ?? []), ...order.slice(0, Number(sens.slice(4)))]);
      const obs = observedModel(model);
      const elements = await tensorElements(obs.onnx, input, obs.tensors, calib[0]!);
      const costs = nodeCosts(model, (t) => elements.get(t));
      const total = [...costs.values()].reduce((a, b) => a + b, 0);
      const kept = [...options.keepFloat].reduce((a, n) => a + (costs.get(n) ?? 0), 0);
      console.log(`  ${options.keepFloat.size} of ${nodes.length} nodes float, ${((100 * kept) / total).toFixed(0)} % of the multiply-accumulates; first: ${order.slice(0, 8).join(' ')}`);
    }
    const q = quantizeInt8(model, ranges, spec, options);
    const outs = await landmarkOutputs(q, input, check);
    const e = summarizeErrors(outs.map((o, i) => cropLandmarkError(ref[i]!, o)));
    const eL = summarizeErrors(outs.map((o, i) => cropLandmarkError(ref[i]!, { landmarks: o.landmarks, heatmap: ref[i]!.heatmap })));
    const eH = summarizeErrors(outs.map((o, i) => cropLandmarkError(ref[i]!, { landmarks: ref[i]!.landmarks, heatmap: o.heatmap })));
    console.log(`  int8 regression + float heatmap: median ${(eL.median * 100).toFixed(2)} % worst ${(eL.max * 100).toFixed(2)} %; float regression + int8 heatmap: median ${(eH.median * 100).toFixed(2)} % worst ${(eH.max * 100).toFixed(2)} %`);
    if (process.env.PHOTO_CROPS) {
      photos ??= await photoCrops(size);
      photoRef ??= await landmarkOutputs(bytes, input, photos.map((p) => p.crop));
      const pr = photoRef;
      const po = await landmarkOutputs(q, input, photos.map((p) => p.crop));
      const pe = po.map((o, i) => cropLandmarkError(pr[i]!, o));
      const ps = summarizeErrors(pe);
      const w = pe.indexOf(ps.max);
      const reg = cropLandmarkError(pr[w]!, { landmarks: po[w]!.landmarks, heatmap: pr[w]!.heatmap });
      const heat = cropLandmarkError(pr[w]!, { landmarks: pr[w]!.landmarks, heatmap: po[w]!.heatmap });
      console.log(
        `${size} ${spec}: crops median ${(e.median * 100).toFixed(2)} % worst ${(e.max * 100).toFixed(2)} % | photo crops median ${(ps.median * 100).toFixed(2)} % worst ${(ps.max * 100).toFixed(2)} % ` +
          `(${photos[w]!.file}: int8 regression alone ${(reg * 100).toFixed(2)} %, int8 heatmap alone ${(heat * 100).toFixed(2)} %)`,
      );
      continue;
    }
    if (process.env.NOGATE) {
      console.log(`${size} ${spec}: crops median ${(e.median * 100).toFixed(2)} % worst ${(e.max * 100).toFixed(2)} %`);
      continue;
    }
    const file = `lab_${size}_${spec.replace(/\+/g, '_')}.onnx`;
    writeFileSync(path.join(lab, file), q);
    const m2 = { ...manifest, models: manifest.models.filter((m: { id: string }) => !m.id.includes('int8')) };
    for (const id of [`pose_landmark_${size}_int8`, `pose_landmark_${size}_nomask_int8`]) m2.models.push({ ...base, id, file, precision: 'int8' });
    writeFileSync(path.join(lab, 'manifest.json'), JSON.stringify(m2));
    const gate = await runAccuracyGate(lab, size, 'int8', gatePhotos(media));
    const [fms, qms] = await cpuMsPerRun([bytes, q], input, check.slice(0, 12));
    const ranked = gate.perPhoto.filter((p) => p.error !== null).sort((a, b) => b.error! - a.error!);
    console.log(`  worst photos: ${ranked.slice(0, 3).map((p) => `${path.basename(p.file)} ${(p.error! * 100).toFixed(2)} %`).join(', ')}`);
    console.log(
      `${size} ${spec}: crops median ${(e.median * 100).toFixed(2)} % worst ${(e.max * 100).toFixed(2)} % | photos median ${(gate.medianError * 100).toFixed(2)} % worst ${(gate.maxError * 100).toFixed(2)} % decisions differ ${gate.decisionsDiffer} ${gate.passed ? 'PASS' : 'fail'} | 1-thread ms fp32 ${fms!.toFixed(1)} int8 ${qms!.toFixed(1)} (${(fms! / qms!).toFixed(2)}×) | ${((performance.now() - t) / 1000).toFixed(0)} s`,
    );
  }
}

void main();

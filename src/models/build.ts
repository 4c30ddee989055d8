import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as v from 'valibot';
import { MANIFEST_FILE, ModelsManifest, type ManifestBundle, type ManifestModel } from '../shared/models-manifest';
import { ONNX_OPSET, convertTflite } from './convert/convert';
import { lowerMaskHeadTail, splitMaskHead } from './convert/split-mask-head';
import { MODEL_LICENSE, MODEL_SOURCES, type ModelSource } from './sources';
import { readTflite } from './tflite/model';
import { buildTaskBundles } from './tasks/bundles';

/** Bump when the converter or bundler writes different bytes for the same input; forces a rebuild. */
export const CONVERTER_VERSION = 2;

export interface BuildOptions {
  /** Output folder. @default '<repo>/models' */
  outDir: string;
  /** Folder holding `node_modules` with the MediaPipe packages. @default process.cwd() */
  projectRoot?: string;
  /** Rebuild even when the recorded hashes match. @default false */
  force?: boolean;
  /** Progress lines (one per model). */
  onProgress?: (line: string) => void;
}

export interface BuildReport {
  built: string[];
  skipped: string[];
  ms: number;
  manifest: ModelsManifest;
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

interface SourceBytes {
  bytes: Uint8Array;
  version: string;
  range?: [number, number];
}

/** Reads a model's TFLite bytes out of its npm package (slicing packed assets by the loader's table). */
export function readSource(src: ModelSource, projectRoot: string): SourceBytes {
  const require = createRequire(path.join(projectRoot, 'package.json'));
  const pkgJson = require.resolve(`${src.package}/package.json`);
  const pkgDir = path.dirname(pkgJson);
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  const file = new Uint8Array(readFileSync(path.join(pkgDir, src.file)));
  if (!src.packed) return { bytes: file, version };
  const loader = readFileSync(path.join(pkgDir, src.packed.loader), 'utf8');
  const escaped = src.packed.name.replace(/[.]/g, '\\.');
  const m = new RegExp(`"filename":\\s*"[^"]*/${escaped}",\\s*"start":\\s*(\\d+),\\s*"end":\\s*(\\d+)`).exec(loader);
  if (!m) throw new Error(`${src.id}: ${src.packed.name} not listed in ${src.package}/${src.packed.loader}`);
  const range: [number, number] = [Number(m[1]), Number(m[2])];
  if (range[1] > file.length) throw new Error(`${src.id}: packed range ${range.join('..')} exceeds ${src.file}`);
  return { bytes: file.subarray(range[0], range[1]), version, range };
}

function readManifest(outDir: string): ModelsManifest | undefined {
  const file = path.join(outDir, MANIFEST_FILE);
  if (!existsSync(file)) return undefined;
  const parsed = v.safeParse(ModelsManifest, JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.output : undefined;
}

/** Writes via a temporary file so a killed build never leaves a truncated model behind. */
function writeAtomic(file: string, bytes: Uint8Array | string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}

/**
 * Writes `<id>_trunk.onnx`, `<id>_maskhead.onnx` split from a whole landmark graph and `<id>_maskhead128.onnx` (the
 * head with its tail at 128 px); returns their manifest note.
 */
function writeMaskHeadSplit(outDir: string, id: string, whole: Uint8Array, segmentationOutput: string): NonNullable<ManifestModel['maskHeadSplit']> {
  const split = splitMaskHead(whole, segmentationOutput);
  const head128 = lowerMaskHeadTail(split.head);
  const trunkFile = `${id}_trunk.onnx`;
  const headFile = `${id}_maskhead.onnx`;
  const head128File = `${id}_maskhead128.onnx`;
  writeAtomic(path.join(outDir, trunkFile), split.trunk);
  writeAtomic(path.join(outDir, headFile), split.head);
  writeAtomic(path.join(outDir, head128File), head128);
  return {
    trunk: { file: trunkFile, sha256: sha256(split.trunk) },
    head: { file: headFile, sha256: sha256(split.head) },
    head128: { file: head128File, sha256: sha256(head128) },
    features: split.features,
  };
}

/** Whether a model's trunk / mask-head pair is written and intact. */
function splitCurrent(outDir: string, m: ManifestModel): boolean {
  const split = m.maskHeadSplit;
  return (
    split !== undefined &&
    split.head128 !== undefined &&
    upToDate(path.join(outDir, split.trunk.file), split.trunk.sha256) &&
    upToDate(path.join(outDir, split.head.file), split.head.sha256) &&
    upToDate(path.join(outDir, split.head128.file), split.head128.sha256)
  );
}

function upToDate(file: string, sha: string): boolean {
  return existsSync(file) && sha256(new Uint8Array(readFileSync(file))) === sha;
}

/**
 * Converts every model in MODEL_SOURCES to ONNX, writes the tasks-vision bundles and `manifest.json`.
 * Idempotent: a model whose source hash, converter version and output hash all match the manifest is skipped.
 * Deterministic: the same packages give byte-identical outputs.
 */
export function buildModels(opts: BuildOptions): BuildReport {
  const t0 = performance.now();
  const root = opts.projectRoot ?? process.cwd();
  mkdirSync(opts.outDir, { recursive: true });
  const previous = opts.force ? undefined : readManifest(opts.outDir);
  const sameConverter = previous?.converterVersion === CONVERTER_VERSION;
  const built: string[] = [];
  const skipped: string[] = [];
  const models: ManifestModel[] = [];
  const tflites = new Map<string, Uint8Array>();

  for (const src of MODEL_SOURCES) {
    const source = readSource(src, root);
    tflites.set(src.id, source.bytes);
    const inSha = sha256(source.bytes);
    let tflite: ReturnType<typeof readTflite> | undefined;
    for (const variant of [{ suffix: '', omitOutputs: [] as readonly number[] }, ...(src.variants ?? [])]) {
      const id = `${src.id}${variant.suffix}`;
      const file = `${id}.onnx`;
      const target = path.join(opts.outDir, file);
      const prev = previous?.models.find((m) => m.id === id);
      const wantsSplit = variant.suffix === '' && src.splitMaskHead !== undefined;
      if (sameConverter && prev && prev.source.sha256 === inSha && upToDate(target, prev.sha256)) {
        if (wantsSplit && !splitCurrent(opts.outDir, prev)) {
          // The whole graph is current: split the file as it is (nothing rewritten but the pair).
          const segmentation = prev.outputs[src.splitMaskHead!]!.name;
          models.push({ ...prev, maskHeadSplit: writeMaskHeadSplit(opts.outDir, id, readFileSync(target), segmentation) });
          built.push(`${id} (trunk + mask head)`);
          continue;
        }
        // A pair no longer wanted leaves the manifest (its files are not read again).
        const { maskHeadSplit: _dropped, ...withoutSplit } = prev;
        models.push(wantsSplit ? prev : withoutSplit);
        skipped.push(id);
        continue;
      }
      const t = performance.now();
      tflite ??= readTflite(source.bytes, src.id);
      const converted = convertTflite(tflite, {
        label: id,
        omitOutputs: variant.omitOutputs,
        inputLayout: src.inputLayout ?? 'nhwc',
        docString: `${id} from ${src.package}@${source.version}/${src.file}${source.range ? ` bytes ${source.range.join('..')}` : ''}, ${MODEL_LICENSE}`,
        metadata: { source_sha256: inSha, license: MODEL_LICENSE },
      });
      writeAtomic(target, converted.onnx);
      const kept = src.outputs.filter((_, i) => !variant.omitOutputs.includes(i));
      const entry: ManifestModel = {
        id,
        file,
        sha256: sha256(converted.onnx),
        bytes: converted.onnx.length,
        source: { package: src.package, version: source.version, file: src.file, ...(source.range ? { range: source.range } : {}), sha256: inSha },
        license: MODEL_LICENSE,
        inputs: converted.inputs.map((x) => ({ name: x.name, shape: x.shape, dtype: 'float32', layout: `${(src.inputLayout ?? 'nhwc').toUpperCase()}, RGB`, description: 'image' })),
        outputs: converted.outputs.map((x, i) => ({ name: x.name, shape: x.shape, dtype: 'float32', ...(kept[i] ?? { layout: 'as TFLite' }) })),
        normalization: src.normalization,
        opset: ONNX_OPSET,
      };
      if (wantsSplit) entry.maskHeadSplit = writeMaskHeadSplit(opts.outDir, id, converted.onnx, converted.outputs[src.splitMaskHead!]!.name);
      models.push(entry);
      built.push(id);
      opts.onProgress?.(`${id}: ${(converted.onnx.length / 1e6).toFixed(1)} MB in ${(performance.now() - t).toFixed(0)} ms`);
    }
  }

  // Quantized models are made from these by `atelier models int8`: keep their entries while the float model they
  // came from is unchanged and their file is intact (a rebuilt float model makes them stale: they are dropped).
  for (const prev of previous?.models ?? []) {
    const from = prev.derivedFrom;
    if (!from || models.some((m) => m.id === prev.id)) continue;
    const source = models.find((m) => m.id === from.id);
    if (source?.sha256 === from.sha256 && upToDate(path.join(opts.outDir, prev.file), prev.sha256)) models.push(prev);
  }

  const bundles: ManifestBundle[] = [];
  for (const b of buildTaskBundles(tflites)) {
    const target = path.join(opts.outDir, b.file);
    const sha = sha256(b.bytes);
    const prev = previous?.bundles.find((x) => x.id === b.id);
    if (sameConverter && prev?.sha256 === sha && upToDate(target, sha)) skipped.push(b.id);
    else {
      writeAtomic(target, b.bytes);
      built.push(b.id);
    }
    bundles.push({ id: b.id, file: b.file, sha256: sha, use: b.use, from: b.from });
  }

  const manifest: ModelsManifest = { converterVersion: CONVERTER_VERSION, models, bundles };
  const text = JSON.stringify(manifest, null, 2) + '\n';
  const manifestFile = path.join(opts.outDir, MANIFEST_FILE);
  if (!existsSync(manifestFile) || readFileSync(manifestFile, 'utf8') !== text) writeAtomic(manifestFile, text);
  return { built, skipped, ms: performance.now() - t0, manifest };
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import * as v from 'valibot';
import { createOrtSession, probeProviders } from '../../inference/ort/index';
import { ExecutionProvider } from '../../shared/config-schema';
import { MANIFEST_FILE, ModelsManifest } from '../../shared/models-manifest';
import { UsageError } from '../context';
import { appRoot, modelsDir } from '../paths';

/** Default folder: the app's `models/` (ATELIER_MODELS_DIR overrides), wherever the command is run from. */
const defaultModelsDir = modelsDir;

export function registerModels(program: Command): void {
  const models = program.command('models').description('build and inspect the pose / segmentation models');

  models
    .command('build')
    .description('convert the MediaPipe TFLite models to ONNX and write the tasks-vision bundles (idempotent)')
    .option('--out <dir>', 'output folder (default: models/ of the app)')
    .option('--force', 'rebuild even when the manifest says the outputs are up to date')
    .action(async (opts: { out?: string; force?: boolean }) => {
      // Loaded when the command runs, as every command's heavy part: the converter is not the CLI's start-up.
      const { buildModels } = await import('../../models/build');
      const outDir = opts.out ? path.resolve(opts.out) : defaultModelsDir();
      const report = buildModels({
        outDir,
        force: opts.force ?? false,
        onProgress: (line) => process.stderr.write(`  ${line}\n`),
      });
      process.stdout.write(
        `models: ${report.built.length} written, ${report.skipped.length} up to date, in ${(report.ms / 1000).toFixed(1)} s → ${outDir}\n`,
      );
    });

  models
    .command('int8')
    .description('int8 landmark models: calibrate on the shared clips, quantize (QDQ), gate against fp32 on the shared photos')
    .option('--dir <dir>', 'models folder (default: models/ of the app)')
    .option('--media <dir>', 'shared media folder (default: ../shared/media next to the app, or ATELIER_SHARED_MEDIA)')
    .option('--model <size>', 'lite | full | heavy | all', 'all')
    .option('--force', 'rebuild even when the int8 models are current')
    .option('--if-media', 'do nothing (exit 0) when the shared media is absent (the install step)')
    .action(async (opts: { dir?: string; media?: string; model: string; force?: boolean; ifMedia?: boolean }) => {
      const sizes = opts.model === 'all' ? (['lite', 'full', 'heavy'] as const) : [opts.model];
      for (const s of sizes) if (!['lite', 'full', 'heavy'].includes(s)) throw new UsageError(`--model must be lite, full, heavy or all, got "${s}"`);
      const mediaDir = path.resolve(opts.media ?? process.env.ATELIER_SHARED_MEDIA ?? path.join(appRoot(), '..', 'shared', 'media'));
      const dir = opts.dir ? path.resolve(opts.dir) : defaultModelsDir();
      if (!existsSync(path.join(dir, MANIFEST_FILE))) throw new UsageError(`${dir}/${MANIFEST_FILE} not found: run \`atelier models build\` first`);
      if (opts.ifMedia && !existsSync(mediaDir)) {
        process.stdout.write(`models int8: skipped, no shared media at ${mediaDir} (precision auto stays fp32)\n`);
        return;
      }
      const { buildInt8Models } = await import('./models-int8');
      let report;
      try {
        report = await buildInt8Models({
          modelsDir: dir,
          mediaDir,
          sizes: sizes as Array<'lite' | 'full' | 'heavy'>,
          force: opts.force ?? false,
          onProgress: (line) => process.stderr.write(`  ${line}\n`),
        });
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const failed = Object.entries(report.gates).filter(([, g]) => !g.passed).map(([s]) => s);
      process.stdout.write(`models int8: ${Object.keys(report.gates).length} sizes from ${report.crops} calibration crops, ${report.skipped.length} up to date, in ${(report.ms / 1000).toFixed(1)} s → ${dir}` +
        `${failed.length ? `; gate failed for ${failed.join(', ')} (precision auto keeps fp32 there)` : ''}\n`);
    });

  models
    .command('info')
    .description('list each model, the execution providers available here, and one warm run per provider')
    .option('--dir <dir>', 'models folder (default: models/ of the app)')
    .option('--json', 'print JSON')
    .action(async (opts: { dir?: string; json?: boolean }, cmd: Command) => {
      const dir = opts.dir ? path.resolve(opts.dir) : defaultModelsDir();
      const file = path.join(dir, MANIFEST_FILE);
      if (!existsSync(file)) throw new UsageError(`${file} not found: run \`atelier models build\` first`);
      const manifest = v.parse(ModelsManifest, JSON.parse(readFileSync(file, 'utf8')));
      const epFlag = cmd.optsWithGlobals<{ ep?: string }>().ep ?? 'auto';
      const ep = v.safeParse(ExecutionProvider, epFlag);
      if (!ep.success) throw new UsageError(`--ep must be auto, cuda, dml or cpu, got "${epFlag}"`);
      const probes = probeProviders();
      const rows = [];
      for (const m of manifest.models) {
        const shapes = Object.fromEntries(m.inputs.map((x) => [x.name, x.shape]));
        const runs: Array<{ provider: string; warmMs: number; notes: string[] }> = [];
        const eps = ep.output === 'auto' ? probes.filter((p) => p.available).map((p) => p.name) : [ep.output];
        for (const p of eps) {
          const s = await createOrtSession(path.join(dir, m.file), shapes, { ep: p });
          const feeds = Object.fromEntries(m.inputs.map((x) => [x.name, new Float32Array(x.shape.reduce((a, b) => a * b, 1)).fill(0.5)]));
          const t0 = performance.now();
          await s.run(feeds, shapes);
          runs.push({ provider: s.provider, warmMs: performance.now() - t0, notes: [...s.notes] });
          await s.dispose();
        }
        rows.push({ id: m.id, file: m.file, inputs: m.inputs, outputs: m.outputs, normalization: m.normalization, runs });
      }
      if (opts.json) {
        process.stdout.write(JSON.stringify({ providers: probes, models: rows }, null, 2) + '\n');
        return;
      }
      const sig = (ts: ReadonlyArray<{ name: string; shape: number[] }>) => ts.map((t) => `${t.name}[${t.shape.join('×')}]`).join(', ');
      process.stdout.write('execution providers:\n');
      for (const p of probes) process.stdout.write(`  ${p.name.padEnd(4)} ${p.available ? 'available' : 'not available'} — ${p.reason}\n`);
      for (const r of rows) {
        process.stdout.write(`\n${r.id} (${r.file})\n  in:  ${sig(r.inputs)}  ${r.normalization.range.join('..')} RGB\n  out: ${sig(r.outputs)}\n`);
        for (const run of r.runs) {
          process.stdout.write(`  session on ${run.provider}: warm run ${run.warmMs.toFixed(1)} ms${run.notes.length ? ` (${run.notes.join('; ')})` : ''}\n`);
        }
      }
    });
}

/**
 * `npm run fit:report [-- --step k] [-- --products a,b] [-- --mode 2d|3d] [-- --size M]`: every demo garment (2D,
 * and 3D where it has one) tried on the mirror clip with `atelier tryon`, its coverage measured against the person's
 * own T-shirt and shorts, printed as one table with the issue-13.7 verdict per garment type. Every k-th frame is
 * rendered (default 6: 29 of the 171 frames; `--step 1` for all). Each garment is worn in the size the size advice
 * gives the clip's person (as `atelier tryon` does without `--size`), or in `--size`. Overlays of frames 60 and 120
 * land in test-results/fit/report/ (report-<size>/ with `--size`). Needs the app built (`npm run build`). `--reuse`
 * measures the masks a previous run left there instead of rendering again. `--diff` adds, for every top, where its
 * coverage and the person's own T-shirt differ (collar, sleeves, sides, hem; scripts/fit/tee-diff.ts), frame by frame.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fitKindOf, misses, readMask, summarise, type FitSummary } from './fit/fit-metrics';
import { clipClothes, measureMasks, MIRROR_CLIP, REPO, runTryOn } from './fit/measure-clip';
import { teeDiff, TEE_REGIONS } from './fit/tee-diff';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const step = Number(flag('step') ?? 6);
const only = flag('products')?.split(',');
const onlyMode = flag('mode');
if (onlyMode !== undefined && onlyMode !== '2d' && onlyMode !== '3d') throw new Error(`--mode must be 2d or 3d, not ${onlyMode}`);
const reuse = process.argv.includes('--reuse');
const diff = process.argv.includes('--diff');
/** A fixed size for every garment; without it each is worn in the size the size advice gives the clip's person. */
const size = flag('size');
const OUT = path.join(REPO, size ? `test-results/fit/report-${size}` : 'test-results/fit/report');
if (!existsSync(MIRROR_CLIP)) throw new Error(`${MIRROR_CLIP} is missing (the test media belong in ../shared/media)`);
if (!existsSync(path.join(REPO, 'out/renderer/tryon/render-page.html'))) throw new Error('the app is not built: run npm run build');

interface DemoProduct {
  id: string;
  category: string;
  tags?: string[];
  colours: Array<{ garment2d?: string | null; garment3d?: string | null }>;
}
const demo = JSON.parse(readFileSync(path.join(REPO, 'assets/generated/demo-catalog.json'), 'utf8')) as { products: DemoProduct[] };
const runs = demo.products
  .filter((p) => !only || only.includes(p.id))
  .flatMap((p) => (['2d', '3d'] as const).filter((m) => (!onlyMode || m === onlyMode) && p.colours.some((c) => (m === '2d' ? c.garment2d : c.garment3d))).map((mode) => ({ p, mode })));

// A fresh catalog each run: the data directory is seeded from assets/generated once, so after `atelier demo build`
// an old one would still hold the previous garments.
if (!reuse) rmSync(path.join(OUT, 'data'), { recursive: true, force: true });
const t0 = performance.now();
const frames = await clipClothes(MIRROR_CLIP, step, [60, 120]);
process.stderr.write(`fit:report: clip tracked, person's clothes found in ${frames.size} frames (every ${step}th) in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);

const f3 = (x: number | null): string => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(2));
const rows: string[] = [];
const header = 'product          category  mode  tee IoU med/min  tee cov  shorts IoU  shorts cov  above hem  off person  hem−ankle/height  hem knee→ankle  verdict';
for (const { p, mode } of runs) {
  const previous = path.join(OUT, `${p.id}-${mode}-masks`);
  const run =
    reuse && existsSync(previous)
      ? { code: 0, stderr: '(masks of a previous run)', maskDir: previous }
      : await runTryOn({ clip: MIRROR_CLIP, productId: p.id, mode, step, outDir: OUT, dataDir: path.join(OUT, 'data'), extra: size ? ['--size', size] : [] });
  let row: string;
  if (run.code !== 0) {
    row = `${p.id.padEnd(16)} ${p.category.padEnd(9)} ${mode}    tryon failed: ${run.stderr.split('\n').pop()}`;
  } else {
    const s: FitSummary = summarise(await measureMasks(frames, run.maskDir, OUT, `${p.id}-${mode}`));
    const kind = fitKindOf(p.category, p.tags);
    const miss = misses(kind, s);
    row =
      `${p.id.padEnd(16)} ${p.category.padEnd(9)} ${mode}    ${f3(s.teeIoUMedian)} / ${f3(s.teeIoUMin)}      ${f3(s.teeCoveredMedian).padEnd(7)}  ` +
      `${f3(s.shortsIoUMedian).padEnd(10)}  ${f3(s.shortsCoveredMedian).padEnd(10)}  ${f3(s.shortsCoveredAboveHemMedian).padEnd(9)}  ${f3(s.offPersonMedian).padEnd(10)}  ${f3(s.hemToAnkleWorst).padEnd(16)}  ${f3(s.hemKneeToAnkleMedian).padEnd(14)}  ` +
      `${miss.length ? `MISS (${kind}): ${miss.join('; ')}` : `pass (${kind})`}`;
  }
  rows.push(row);
  if (diff && run.code === 0 && fitKindOf(p.category, p.tags) === 'top') {
    const cell = (d: { extra: number; missing: number }): string => `+${d.extra.toFixed(3)}/-${d.missing.toFixed(3)}`.padEnd(15);
    const lines = [`  ${p.id} ${mode}: where the garment and the own T-shirt differ, / T-shirt pixels (+ garment only, - T-shirt only)`, `  frame  ${TEE_REGIONS.map((r) => r.padEnd(15)).join('')}`];
    for (const [i, f] of frames) {
      const file = path.join(run.maskDir, `${String(i).padStart(5, '0')}.png`);
      if (!existsSync(file)) continue;
      const d = teeDiff(f.clothes, (await readMask(file)).data, f.landmarksPx);
      lines.push(`  ${String(i).padStart(5)}  ${TEE_REGIONS.map((r) => cell(d[r])).join('')}`);
    }
    rows.push(lines.join('\n'));
  }
  process.stderr.write(`${row}  [${run.stderr.split('\n').pop()}]\n`);
}
process.stdout.write(`\nFit on ${path.basename(MIRROR_CLIP)}, every ${step}th frame (${frames.size} frames), overlays in ${OUT}\n${header}\n${rows.join('\n')}\n`);

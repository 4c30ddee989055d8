/**
 * One garment put on one still picture by the built CLI (`atelier tryon --mask`, size M unless given), as the fit scripts that
 * measure coverage on pictures need it: the render and its coverage mask under `out`, named after the picture, the
 * product and the mode.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { trackPicture, type TrackedFrame } from './clip-bodies';
import { readMask } from './fit-metrics';
import { REPO } from './measure-clip';

/**
 * @returns the coverage mask, one byte a camera pixel (≥ 128 = garment; owned by the caller), or the CLI's last line
 *   of stderr when it failed.
 */
export async function tryOnStill(picture: string, product: string, mode: string, out: string, dataDir: string, size = 'M'): Promise<{ mask: Uint8Array } | { error: string }> {
  const stem = `${path.basename(picture, path.extname(picture))}-${product}-${mode}`;
  const mask = path.join(out, `${stem}.mask.png`);
  const run = spawnSync(process.execPath, [
    path.join(REPO, 'bin/atelier.mjs'), '--data-dir', dataDir, '--ep', 'cpu',
    'tryon', picture, '--product', product, '--mode', mode, '--size', size, '-o', path.join(out, `${stem}.png`), '--mask', mask,
  ], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (run.status !== 0) return { error: run.stderr.trim().split('\n').pop() ?? `exit ${run.status}` };
  return { mask: (await readMask(mask)).data };
}

/**
 * Every product in every mode on one picture ({@link tryOnStill}), in that order; a render that fails is reported
 * on the console and skipped.
 */
export async function* tryOnsOfStill(picture: string, products: readonly string[], modes: readonly string[], out: string, dataDir: string): AsyncGenerator<{ product: string; mode: string; mask: Uint8Array }> {
  for (const product of products) {
    for (const mode of modes) {
      const run = await tryOnStill(picture, product, mode, out, dataDir);
      if ('error' in run) console.log(`  ${product} ${mode}: failed: ${run.error}`);
      else yield { product, mode, mask: run.mask };
    }
  }
}

/** The fit scripts' renders folder (`out`, or a new temporary one named after `prefix`, created) and its data folder. */
export function fitOutDirs(out: string | undefined, prefix: string): { out: string; dataDir: string } {
  const dir = out ?? mkdtempSync(path.join(os.tmpdir(), `atelier-${prefix}-`));
  mkdirSync(dir, { recursive: true });
  return { out: dir, dataDir: path.join(dir, 'data') };
}

/** Each picture tracked as the mirror tracks it, with its person mask; one that shows nobody is said so and skipped. */
export async function* trackedStills(pictures: readonly string[]): AsyncGenerator<{ picture: string; person: TrackedFrame & { landmarksPx: Float64Array; mask: Uint8Array } }> {
  for (const picture of pictures) {
    const person = await trackPicture(picture);
    if (!person?.mask) console.log(`${path.basename(picture)}: nobody found`);
    else yield { picture, person: { ...person, mask: person.mask } };
  }
}

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_HOW, MODELS_HOW, requirePrerequisites } from '../../../tests/support/prerequisites';
import type { TryOnReport } from './tryon';
import { runAtelier } from '../../../tests/support/run-atelier';

const REPO = path.resolve(import.meta.dirname, '../../..');
const MEDIA = path.resolve(REPO, '../shared/media');
/** A person facing the camera (480×640). */
const PHOTO = path.join(MEDIA, 'COCO_val2014_000000000241.jpg');
/** No person in it. */
const NO_PERSON = path.join(MEDIA, 'COCO_val2014_000000000192.jpg');
const CLIP = path.join(MEDIA, 'mirror_run.mp4');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-tryon-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// The test media live next to the repository, never in it: without them these tests fail, they do not skip.
beforeAll(() =>
  requirePrerequisites([
    ...[PHOTO, NO_PERSON, CLIP].map((p) => ({ path: p, how: MEDIA_HOW })),
    { path: path.join(REPO, 'models/manifest.json'), how: MODELS_HOW },
    { path: path.join(REPO, 'out/renderer/tryon/render-page.html'), how: 'the renderer is not built (npm run build)' },
  ]),
);

/** Runs the CLI in-process (own data dir, CPU provider) and captures what it prints. */
const atelier = (...args: string[]) => runAtelier('--data-dir', path.join(tmp, 'data'), '--ep', 'cpu', '--model-size', 'lite', ...args);

/** Bad input: exit code ≠ 0 and exactly one line on stderr that says why. */
function expectOneLineError(r: { code: number; err: string }, reason: RegExp): void {
  expect(r.code).not.toBe(0);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  expect(r.err).toMatch(reason);
}

describe('atelier tryon: bad input gets one line and a non-zero exit', () => {
  const out = (): string => path.join(tmp, 'bad.png');

  it('a file that is neither an image nor a video', async () => {
    const text = path.join(tmp, 'notes.png');
    writeFileSync(text, 'not a picture\n');
    expectOneLineError(await atelier('tryon', text, '--product', 'tee-everyday', '-o', out()), /notes\.png: not an image or a video/);
  });

  it('a missing file', async () => {
    expectOneLineError(await atelier('tryon', path.join(tmp, 'nope.jpg'), '--product', 'tee-everyday', '-o', out()), /nope\.jpg: no such file/);
  });

  it('a photo without a person', async () => {
    expectOneLineError(await atelier('tryon', NO_PERSON, '--product', 'tee-everyday', '-o', out()), /no person found/);
    expect(existsSync(out())).toBe(false);
  });

  it('an unknown product', async () => {
    expectOneLineError(await atelier('tryon', PHOTO, '--product', 'no-such-product', '-o', out()), /unknown product "no-such-product"/);
  });

  it('a product without a garment asset for the mode (the gingham shirt has no 3D model)', async () => {
    expectOneLineError(await atelier('tryon', PHOTO, '--product', 'shirt-gingham', '--mode', '3d', '-o', out()), /shirt-gingham .* has no 3D garment asset \(it has a 2D one/);
  });

  it('an unknown colour, an unknown size, a bad mode', async () => {
    expectOneLineError(await atelier('tryon', PHOTO, '--product', 'tee-everyday', '--colour', 'PUCE', '-o', out()), /no colour "PUCE" \(colours: Chalk White, Navy, Sage\)/);
    expectOneLineError(await atelier('tryon', PHOTO, '--product', 'tee-everyday', '--size', 'XXXL', '-o', out()), /no size "XXXL" \(sizes: XS, S, M, L, XL, XXL\)/);
    expectOneLineError(await atelier('tryon', PHOTO, '--product', 'tee-everyday', '--mode', '4d', '-o', out()), /--mode must be 2d or 3d/);
  });

  it('a video without ffmpeg on the PATH', async () => {
    const saved = process.env.PATH;
    process.env.PATH = path.join(tmp, 'empty-bin');
    try {
      expectOneLineError(await atelier('tryon', CLIP, '--product', 'tee-everyday', '-o', path.join(tmp, 'x.mp4')), /ffmpeg and ffprobe are needed for videos and were not found/);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('a bad display size, or a display size with the coverage outputs (they are in camera pixels)', async () => {
    expectOneLineError(await atelier('tryon', PHOTO, '--product', 'tee-everyday', '--display', '1080', '-o', out()), /--display must be WIDTHxHEIGHT/);
    expectOneLineError(await atelier('tryon', PHOTO, '--product', 'tee-everyday', '--display', '0x1920', '-o', out()), /--display must be WIDTHxHEIGHT/);
    expectOneLineError(await atelier('tryon', PHOTO, '--product', 'tee-everyday', '--display', '1080x1920', '--json', '-o', out()), /--display renders the composite only/);
  });

  it('an output that does not fit the input', async () => {
    expectOneLineError(await atelier('tryon', PHOTO, '--product', 'tee-everyday', '-o', path.join(tmp, 'x.mp4')), /photo's try-on is written as \.png/);
    expectOneLineError(await atelier('tryon', CLIP, '--product', 'tee-everyday', '-o', path.join(tmp, 'x.png')), /video's try-on is written as \.mp4/);
  });
});

describe('atelier tryon: renders', () => {
  it('a photo: composite and coverage at the photo size, the garment on the person, figures on stdout', { timeout: 120_000 }, async () => {
    const composite = path.join(tmp, 'tee.png');
    const mask = path.join(tmp, 'tee-mask.png');
    const r = await atelier('tryon', PHOTO, '--product', 'tee-everyday', '--colour', 'chalk white', '--size', 'L', '-o', composite, '--mask', mask, '--json');
    expect(r.err).toMatch(/AT-TEE01-WHT-L \(2d\), size L from --size, on 1 frame of 480×640/);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as TryOnReport;
    expect(report).toMatchObject({ productId: 'tee-everyday', colour: 'Chalk White', size: 'L', mode: '2d', widthPx: 480, heightPx: 640 });
    const f = report.frames[0]!;
    expect(f.drawn).toBe(true);
    expect(f.anchors.map((a) => a.name)).toEqual(expect.arrayContaining(['leftShoulder', 'rightShoulder']));
    expect(f.cmPerPx).toBeGreaterThan(0.05);
    expect(f.cmPerPx).toBeLessThan(2);
    // The garment box lies around the anchors the fitting aimed at (the coverage is read back unmirrored).
    const box = f.garmentBoxPx!;
    for (const a of f.anchors.filter((x) => /Shoulder/.test(x.name))) {
      expect(a.targetPx[0]).toBeGreaterThan(box.xPx - 5);
      expect(a.targetPx[0]).toBeLessThan(box.xPx + box.widthPx + 5);
      expect(a.targetPx[1]).toBeGreaterThan(box.yPx - 5);
      expect(a.targetPx[1]).toBeLessThan(box.yPx + box.heightPx + 5);
    }
    const [c, m] = await Promise.all([sharp(composite).metadata(), sharp(mask).metadata()]);
    expect([c.width, c.height, m.width, m.height]).toEqual([480, 640, 480, 640]);
    // Where the coverage says "garment", the composite shows the white tee, not the photo's dark plaid shirt.
    const { data: maskPx } = await sharp(mask).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    const { data: comp } = await sharp(composite).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const { data: photo } = await sharp(PHOTO).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    let inside = 0;
    let changed = 0;
    for (let i = 0; i < maskPx.length; i++) {
      if (maskPx[i]! < 128) continue;
      inside++;
      const d = Math.abs(comp[3 * i]! - photo[3 * i]!) + Math.abs(comp[3 * i + 1]! - photo[3 * i + 1]!) + Math.abs(comp[3 * i + 2]! - photo[3 * i + 2]!);
      if (d > 60) changed++;
    }
    expect(inside).toBe(f.garmentPixels);
    expect(inside).toBeGreaterThan(2000);
    expect(changed / inside).toBeGreaterThan(0.8);
  });

  it('a video: an mp4 of the frames asked for, one mask per rendered frame', { timeout: 180_000 }, async () => {
    const mp4 = path.join(tmp, 'clip.mp4');
    const masks = path.join(tmp, 'clip-masks');
    // --serial: each frame tracked only after the page drew the one before (what the cloth bench times).
    const r = await atelier('tryon', CLIP, '--product', 'chino-slim', '--frames', '9', '--step', '4', '--serial', '-o', mp4, '--mask', masks, '--json');
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as TryOnReport;
    expect(report.frames.map((f) => f.frame)).toEqual([0, 4, 8]);
    // No --size: worn in the size the mirror's size advice gives the person, and the run says so.
    expect(report.sizeFrom).toMatch(/^the size advice for this person/);
    expect(r.err).toContain(`size ${report.size} from the size advice`);
    expect(report.frames.every((f) => f.drawn)).toBe(true);
    // The stage's CPU time is read around its own call (Linux): some of the frame's, not all of it.
    for (const f of report.frames) {
      expect(f.stageThread, `frame ${f.frame}`).not.toBeNull();
      expect(f.stageThread!.cpuMs).toBeGreaterThan(0);
      expect(f.stageThread!.cpuMs).toBeLessThan(f.pageThread!.cpuMs);
    }
    for (const i of [0, 4, 8]) expect(existsSync(path.join(masks, `${String(i).padStart(5, '0')}.png`))).toBe(true);
    const meta = await sharp(path.join(masks, '00004.png')).metadata();
    expect([meta.width, meta.height]).toEqual([412, 960]);
    expect(existsSync(mp4)).toBe(true);
  });
});

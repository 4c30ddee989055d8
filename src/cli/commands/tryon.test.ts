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

  it('an outfit with two garments in one slot, a product given twice, an empty id, or lists that do not match the products', async () => {
    expectOneLineError(await atelier('tryon', PHOTO, '--product', 'tee-everyday,shirt-oxford', '-o', out()), /tee-everyday and shirt-oxford are both worn as the top/);
    // A dress is a top and a bottom in one.
    expectOneLineError(await atelier('tryon', PHOTO, '--product', 'dress-floral,chino-slim', '-o', out()), /dress-floral and chino-slim are both worn as the bottom/);
    expectOneLineError(await atelier('tryon', PHOTO, '--product', 'chino-slim,tee-everyday,chino-slim', '-o', out()), /chino-slim is given twice/);
    expectOneLineError(await atelier('tryon', PHOTO, '--product', 'tee-everyday,,chino-slim', '-o', out()), /an empty product id/);
    expectOneLineError(await atelier('tryon', PHOTO, '--product', 'tee-everyday,chino-slim,blazer-check', '--colour', 'navy,khaki', '-o', out()), /--colour navy,khaki: 2 values for 3 products/);
    expectOneLineError(await atelier('tryon', PHOTO, '--product', 'tee-everyday,chino-slim', '--mode', '2d,4d', '-o', out()), /--mode must be 2d or 3d, got "4d"/);
    // Each product is checked as one alone would be: the second one's unknown colour names that product's colours.
    expectOneLineError(await atelier('tryon', PHOTO, '--product', 'tee-everyday,chino-slim', '--colour', ',puce', '-o', out()), /product chino-slim has no colour "puce"/);
    expect(existsSync(out())).toBe(false);
  });

  it('nothing to write', async () => {
    expectOneLineError(await atelier('tryon', PHOTO, '--product', 'tee-everyday'), /nothing to write: give -o \(the composite\), --mask or --json/);
    expectOneLineError(await atelier('tryon', PHOTO, '--product', 'tee-everyday', '--display', '1080x1920'), /nothing to write/);
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

  it('an outfit: every garment in its slot, the jacket drawn over the shirt and the trousers', { timeout: 120_000 }, async () => {
    const render = async (name: string, products: string, json = false) => {
      const composite = path.join(tmp, `${name}.png`);
      const mask = path.join(tmp, `${name}-mask.png`);
      const r = await atelier('tryon', PHOTO, '--product', products, '--size', 'M', '-o', composite, '--mask', mask, ...(json ? ['--json'] : []));
      expect(r.code, r.err).toBe(0);
      const [{ data: coverage }, { data: rgb }] = await Promise.all([sharp(mask).extractChannel(0).raw().toBuffer({ resolveWithObject: true }), sharp(composite).removeAlpha().raw().toBuffer({ resolveWithObject: true })]);
      return { r, coverage, rgb };
    };
    const outfit = await render('outfit', 'shirt-oxford,chino-slim,blazer-check', true);
    const blazer = await render('blazer', 'blazer-check');
    const chinos = await render('chinos', 'chino-slim');
    expect(outfit.r.err).toMatch(/AT-SHT01-BLU-M \(2d\), size M from --size \+ AT-TRS01-KHK-M \(2d\), size M from --size \+ AT-JKT01-GRY-M \(2d\), size M from --size/);
    const report = JSON.parse(outfit.r.out) as TryOnReport;
    expect(report.outfit.map((w) => [w.productId, w.size, w.mode])).toEqual([
      ['shirt-oxford', 'M', '2d'],
      ['chino-slim', 'M', '2d'],
      ['blazer-check', 'M', '2d'],
    ]);
    // The figures are the garment put on last.
    expect(report.productId).toBe('blazer-check');
    expect(report.frames[0]!.drawn).toBe(true);

    // The outfit's coverage holds each garment's own: the blazer's and the trousers' as each is drawn alone.
    const shared = (alone: Buffer) => {
      let n = 0;
      let both = 0;
      for (let i = 0; i < alone.length; i++) {
        if (alone[i]! < 128) continue;
        n++;
        if (outfit.coverage[i]! >= 128) both++;
      }
      return { n, share: both / n };
    };
    for (const [name, alone] of [['blazer', blazer], ['chinos', chinos]] as const) {
      const { n, share } = shared(alone.coverage);
      expect(n, name).toBeGreaterThan(2000);
      expect(share, name).toBeGreaterThan(0.97);
    }
    // Outerwear is drawn over everything: where the blazer alone is drawn, the outfit shows the same blazer (not the
    // shirt or the trousers' waistband over it); where the trousers alone are drawn and no blazer, the trousers.
    const meanDiff = (a: Buffer, b: Buffer, where: (i: number) => boolean): number => {
      let sum = 0;
      let n = 0;
      for (let i = 0; i < a.length / 3; i++) {
        if (!where(i)) continue;
        sum += Math.abs(a[3 * i]! - b[3 * i]!) + Math.abs(a[3 * i + 1]! - b[3 * i + 1]!) + Math.abs(a[3 * i + 2]! - b[3 * i + 2]!);
        n++;
      }
      return sum / (3 * n);
    };
    const onBlazer = (i: number): boolean => blazer.coverage[i]! >= 128;
    const onChinosOnly = (i: number): boolean => chinos.coverage[i]! >= 128 && blazer.coverage[i]! < 128;
    // (Measured 2.2 and 1.6 levels of 255 on average, from the edges: a garment's antialiased outline blends with
    // the garment under it instead of the photo; the shirt alone differs there by 92.)
    expect(meanDiff(outfit.rgb, blazer.rgb, onBlazer)).toBeLessThan(10);
    expect(meanDiff(outfit.rgb, chinos.rgb, onChinosOnly)).toBeLessThan(10);
    const shirt = await render('shirt', 'shirt-oxford');
    const onBoth = (i: number): boolean => onBlazer(i) && shirt.coverage[i]! >= 128;
    expect(meanDiff(outfit.rgb, shirt.rgb, onBoth)).toBeGreaterThan(40);
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
    expect(report.frames.every((f) => f.drawMs > 0)).toBe(true);

    // Without -o the composite is not drawn (half the page's time on a software GL): the same masks, no mp4.
    const alone = path.join(tmp, 'clip-masks-alone');
    const r2 = await atelier('tryon', CLIP, '--product', 'chino-slim', '--size', report.size, '--frames', '9', '--step', '4', '--serial', '--mask', alone, '--json');
    expect(r2.code, r2.err).toBe(0);
    expect(r2.err).toContain(`→ ${alone} + stdout`);
    expect((JSON.parse(r2.out) as TryOnReport).frames.map((f) => f.drawMs)).toEqual([0, 0, 0]);
    for (const i of [0, 4, 8]) {
      const file = `${String(i).padStart(5, '0')}.png`;
      const [a, b] = await Promise.all([masks, alone].map((dir) => sharp(path.join(dir, file)).raw().toBuffer()));
      expect(Buffer.compare(a!, b!), `mask ${file}`).toBe(0);
    }
  });
});

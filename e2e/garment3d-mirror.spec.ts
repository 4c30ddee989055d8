import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { expect, test } from './support/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, E2E_PORT, SCREENSHOTS, SHARED_MEDIA } from './support/env';
import { WEB_ASSET_PATH } from '../src/shared/asset-url';
import type { SnapshotPair } from '../src/renderer/debug/hooks';
import type { OutfitSlot } from '../src/shared/outfit';

/**
 * The demo's 3D garments on the mirror clip (a person facing the camera, running in place) in a portrait mirror,
 * for a person to judge: each garment on two frames of the clip, screenshots in test-results/screenshots. The
 * fake camera shows one frame, held still: on these shared 2-core machines the engine answers a frame a second or
 * more after it was taken, and a moving shopper would be drawn where they were, not where the picture shows them.
 */
const MIRROR_VIDEO = path.join(SHARED_MEDIA, 'mirror_run.mp4');
/** Colours that stand out from the shopper's own white T-shirt and grey shorts. */
const GARMENTS = ['tee-everyday-nvy', 'dress-slip-emr', 'chino-slim-khk'];
/**
 * The slots each is worn in, as the mirror wears the product (`pieceOf`). Worn as a top (the hook's default) the chinos
 * sat under the shopper's untucked T-shirt without the own-top region, a band of his shorts between the two.
 */
const SLOTS: Record<string, OutfitSlot[]> = { 'tee-everyday-nvy': ['top'], 'dress-slip-emr': ['top', 'bottom'], 'chino-slim-khk': ['bottom'] };
/** Frames of the clip (30 fps): arms swinging, one knee up; arms down, standing. */
const FRAMES = [36, 96];
const W = 135;
const H = 240;

/** A still fake-camera clip of one frame of the mirror clip (made once, under test-results/). */
function stillClip(frame: number): string {
  if (!fs.existsSync(MIRROR_VIDEO)) throw new Error(`test media missing: ${MIRROR_VIDEO}`);
  const clip = path.resolve(`test-results/fake-camera/mirror_run-${frame}.mjpeg`);
  if (!fs.existsSync(clip) || fs.statSync(clip).mtimeMs < fs.statSync(MIRROR_VIDEO).mtimeMs) {
    fs.mkdirSync(path.dirname(clip), { recursive: true });
    execFileSync('ffmpeg', ['-y', '-loglevel', 'error', '-i', MIRROR_VIDEO, '-vf', `select=eq(n\\,${frame}),loop=50:1:0,fps=25`, '-frames:v', '50', '-q:v', '3', '-f', 'mjpeg', clip]);
  }
  return clip;
}

/**
 * Each garment's colour as a shopper sees it, told pixel by pixel by its channels' order: the navy tee's colour is
 * its GLB's print texture, the dress's and the chinos' a colour factor. A texture the page failed to load left the
 * tee white (the mirror's CSP blocked the GLB's embedded images until 2026-12-07).
 */
const HUE: Record<string, { name: string; holds: (r: number, g: number, b: number) => boolean }> = {
  'tee-everyday-nvy': { name: 'navy (blue over red, dark)', holds: (r, _g, b) => b > r + 15 && b < 160 },
  'dress-slip-emr': { name: 'emerald (green over red and blue)', holds: (r, g, b) => g > r + 15 && g > b },
  'chino-slim-khk': { name: 'khaki (red over blue)', holds: (r, _g, b) => r > b + 15 },
};
/** Of the region's pixels, how many more show the garment's hue worn than bare (the shopper's skin is red over blue too). */
const MIN_HUE_GAIN = 0.3;

/**
 * In the tracked trunk (shoulders to hips) or thighs (hips to knees): the mean absolute difference (0–255 per
 * channel) between the mirror's display and the mirrored camera frame — how much the mirror draws over the shopper
 * there — and the share of its pixels in each garment's {@link HUE}.
 */
async function regionDifference(page: Page, region: 'trunk' | 'legs'): Promise<{ difference: number; hueShare: Record<string, number> }> {
  const { pair, lm } = await page.evaluate(
    async ([w, h]) => ({ pair: await window.__atelierDebug!.snapshotPair(w!, h!), lm: window.__atelierDebug!.latestPose()?.landmarks ?? [] }),
    [W, H],
  );
  const p = pair as SnapshotPair | null;
  if (!p || lm.length < 33) throw new Error('no frame or nobody tracked');
  const corners = region === 'trunk' ? [11, 12, 23, 24] : [23, 24, 25, 26];
  const xs = corners.map((i) => lm[i]!.x);
  const ys = corners.map((i) => lm[i]!.y);
  let sum = 0;
  let n = 0;
  const hueShare: Record<string, number> = Object.fromEntries(Object.keys(HUE).map((id) => [id, 0]));
  for (let y = Math.floor(Math.min(...ys) * H); y < Math.ceil(Math.max(...ys) * H); y++) {
    for (let x = Math.floor(Math.min(...xs) * W); x < Math.ceil(Math.max(...xs) * W); x++) {
      const shown = (y * W + (W - 1 - x)) * 4;
      for (let c = 0; c < 3; c++) sum += Math.abs(p.display[shown + c]! - p.camera[(y * W + x) * 4 + c]!);
      for (const [id, hue] of Object.entries(HUE)) if (hue.holds(p.display[shown]!, p.display[shown + 1]!, p.display[shown + 2]!)) hueShare[id]! += 1;
      n++;
    }
  }
  for (const id of Object.keys(hueShare)) hueShare[id]! /= Math.max(n, 1);
  return { difference: n ? sum / (3 * n) : 0, hueShare };
}

/** Times a garment is put on when the visit ends while it is measured, at most. */
const MAX_WEARS = 3;

/** Whether the 3D garment `wornId` (the debug hook's id) is in the outfit. */
async function isWorn(page: Page, wornId: string): Promise<boolean> {
  return page.evaluate((w) => window.__atelierDebug!.outfit().some((o) => o.id === w), wornId);
}

/**
 * Waits for `n` rendered frames fitted with the 3D garment `wornId` on (the fit log restarts when a garment is put
 * on); false when the garment came off first (the visit ended). Throws after `timeoutMs` with the mirror's state.
 */
async function fittedFrames(page: Page, wornId: string, n: number, timeoutMs: number): Promise<boolean> {
  const t0 = Date.now();
  for (;;) {
    const { fits, worn } = await page.evaluate(
      (w) => ({ fits: window.__atelierDebug!.fitSamples().filter((s) => s.kind === '3d').length, worn: window.__atelierDebug!.outfit().some((o) => o.id === w) }),
      wornId,
    );
    if (!worn) return false;
    if (fits >= n) return true;
    if (Date.now() - t0 > timeoutMs) throw new Error(`${wornId}: ${fits} of ${n} fitted 3D frames in ${timeoutMs / 1000} s; the mirror then: ${await mirrorState(page)}`);
    await page.waitForTimeout(250);
  }
}

/** What the mirror was doing, for a failure's message: visit, engine, tracked frames, what is worn, fitted frames. */
async function mirrorState(page: Page): Promise<string> {
  const state = await page.evaluate(() => ({
    session: window.__atelierShopper?.sessionState() ?? null,
    engine: window.__atelierDebug!.engineState(),
    trackedFrames: window.__atelierDebug!.trackedFrames(),
    outfit: window.__atelierDebug!.outfit().map((w) => `${w.id} (${w.kind})`),
    fitted3d: window.__atelierDebug!.fitSamples().filter((s) => s.kind === '3d').length,
  }));
  return JSON.stringify(state);
}

for (const frame of FRAMES) {
  test(`3D garments sit on the shopper, mirror clip frame ${frame}: screenshots, and each is drawn over the trunk`, async () => {
    // The page's start and each garment's wait below at its limit, with one more wear each (a visit ending on a
    // starved machine, see below).
    test.setTimeout(60_000 + GARMENTS.length * 2 * 90_000 + 30_000);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    // A browser of its own: the fake camera is a launch flag, and each frame is a clip of its own.
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${stillClip(frame)}`] });
    try {
      const page = await browser.newPage({ viewport: { width: 540, height: 960 }, baseURL: `http://127.0.0.1:${E2E_PORT}/` });
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto('/?e2e');
      await expect(page.getByTestId('catalog-rail')).toBeVisible({ timeout: 60_000 });
      // A CSP violation is something the mirror failed to load (a texture, a worker): the console says which.
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) problems.push(m.text());
      });
      const bareRegions = { trunk: await regionDifference(page, 'trunk'), legs: await regionDifference(page, 'legs') };
      const bare = { trunk: bareRegions.trunk.difference, legs: bareRegions.legs.difference };
      const results: Record<string, unknown> = { bare: { trunk: +bare.trunk.toFixed(1), legs: +bare.legs.toFixed(1) } };
      // Only the mirror picture in the screenshots: the shop's panels are someone else's to lay out.
      await page.addStyleTag({ content: 'body * { visibility: hidden !important } canvas { visibility: visible !important }' });
      for (const id of GARMENTS) {
        const sha = crypto.createHash('sha256').update(fs.readFileSync(path.resolve(`assets/generated/garments/${id}.glb`))).digest('hex');
        const region = id.startsWith('chino') ? 'legs' : 'trunk';
        let worn = 0;
        let hueShare = 0;
        for (let wear = 1; ; wear++) {
          // Resolves once the GLB is loaded and worn: the frames counted below are this garment's.
          // At size M's chart row, as the shop wears it (without it the GLB's own cut: the chinos ended above his shoes).
          expect(
            await page.evaluate(
              async ([url, slots, productId]) => {
                const product = await window.atelier!.catalog.product({ id: productId as string });
                return window.__atelierDebug!.wear3d(url as string, { slots: slots as OutfitSlot[], garmentCm: product.garmentChart['M'] ?? null });
              },
              [`/${WEB_ASSET_PATH}${sha}`, SLOTS[id]!, id.slice(0, id.lastIndexOf('-'))] as const,
            ),
          ).toBeNull();
          if (await fittedFrames(page, `e2e-${sha.slice(0, 12)}`, 5, 90_000)) {
            await page.screenshot({ path: path.join(SCREENSHOTS, `garment3d-mirror-${frame}-${id}.png`) });
            // The garment covers the trunk (tee, dress) or the thighs (trousers, dress): the mirror differs from the
            // camera there far more than without it.
            const seen = await regionDifference(page, region);
            worn = seen.difference;
            hueShare = seen.hueShare[id]!;
            if (await isWorn(page, `e2e-${sha.slice(0, 12)}`)) break;
          }
          // The visit ended while the garment was measured and took it off: on a starved machine (load 20 on 2 cores)
          // the engine's answers fell past its hang timeout, which the mirror takes for an empty zone. Put on again,
          // its frames counted anew; a visit ending again and again is a failure.
          expect(wear, `${id}: the visit ended ${wear} times while it was measured; the mirror then: ${await mirrorState(page)}`).toBeLessThan(MAX_WEARS);
          console.log(`garment3d, mirror clip frame ${frame}: the visit ended while ${id} was measured (the mirror then: ${await mirrorState(page)}); wearing it again`);
          await expect.poll(() => page.evaluate(() => window.__atelierShopper?.sessionState()), { timeout: 60_000 }).toBe('active');
        }
        const bareHue = bareRegions[region].hueShare[id]!;
        results[id] = { [region]: +worn.toFixed(1), hue: `${bareHue.toFixed(2)} → ${hueShare.toFixed(2)}` };
        expect(worn, id).toBeGreaterThan(bare[region] + 8);
        expect(hueShare - bareHue, `${id}: ${(100 * hueShare).toFixed(0)} % of the ${region} is ${HUE[id]!.name} worn, ${(100 * bareHue).toFixed(0)} % bare`).toBeGreaterThan(MIN_HUE_GAIN);
      }
      console.log(`garment3d, mirror clip frame ${frame}: trunk difference display vs camera`, JSON.stringify(results));
      // The store light lit them from the camera: estimated once on the frame, then re-estimated off the frame by
      // its worker (a live camera's picture handed over as a VideoFrame), never read on a frame again.
      const light = await page.evaluate(() => window.__atelierDebug!.storeLight());
      console.log(`garment3d, mirror clip frame ${frame}: store light`, JSON.stringify(light));
      expect(light.workerAnswers).toBeGreaterThan(0);
      expect(light.frameReads).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
}

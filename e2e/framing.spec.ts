import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { expect, test } from './support/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_CAMERA_PORTRAIT_CLIP, FAKE_CAMERA_STILL_CLIP, SCREENSHOTS } from './support/env';

/**
 * Whole-body framing on the mirror clip (a portrait camera, one person running in place): what the display shows
 * is measured against the person in the camera picture — the top of their head from the engine's person mask (no
 * landmark marks it), their ankles from the landmarks — mapped through the view the mirror rendered.
 */

/** A browser whose fake camera plays `clip` (the suite's own browser plays the street video). */
async function browserWithCamera(clip: string): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${clip}`] });
}

/** Portrait 1080×1920 display, scaled by one half. */
const PORTRAIT = { width: 540, height: 960 };

interface FrameSample {
  frameId: number;
  /** Screen-normalised (0..1 = on screen) positions of the head top and the two ankles; x mirrored as displayed. */
  headTopY: number;
  headX: number;
  ankleY: number[];
  ankleX: number[];
}

interface RenderSample {
  /** Centre of the view on the screen's scale: camera px / view size (fraction of the screen per frame). */
  centreX: number;
  centreY: number;
  viewHeightPx: number;
}

/**
 * Samples every rendered frame: the framing's view and, for each new pose frame, the head and ankles; until
 * `poseFrames` pose frames and `renders` rendered frames are in (counts, not time: a loaded machine is slow), or
 * `timeoutMs`.
 */
async function sampleFraming(
  page: Page,
  want: { poseFrames: number; renders: number; timeoutMs: number },
): Promise<{ frames: FrameSample[]; renders: RenderSample[]; missingMask: number }> {
  return page.evaluate(async (w) => {
    const debug = window.__atelierDebug!;
    const frames: FrameSample[] = [];
    const renders: RenderSample[] = [];
    let missingMask = 0;
    let lastId = -1;
    const t0 = performance.now();
    await new Promise<void>((done) => {
      const tick = (): void => {
        const f = debug.framing();
        const v = f.view;
        renders.push({ centreX: v.xPx + v.widthPx / 2, centreY: v.yPx + v.heightPx / 2, viewHeightPx: v.heightPx });
        const pose = debug.latestPose();
        if (pose && pose.frameId !== lastId && pose.landmarks.length >= 33) {
          lastId = pose.frameId;
          const W = f.frameWidthPx;
          const H = f.frameHeightPx;
          const lm = pose.landmarks;
          const toScreenX = (xPx: number): number => 1 - (xPx - v.xPx) / v.widthPx;
          const toScreenY = (yPx: number): number => (yPx - v.yPx) / v.heightPx;
          const m = pose.mask;
          if (!m) {
            missingMask++;
          } else {
            // The top of the head: the highest person pixel in the columns of the head (ears ± half their distance).
            const earL = lm[7]!.x;
            const earR = lm[8]!.x;
            const half = Math.max(Math.abs(earL - earR), 0.02);
            const c0 = Math.max(0, Math.floor((Math.min(earL, earR) - half / 2) * m.widthPx));
            const c1 = Math.min(m.widthPx - 1, Math.ceil((Math.max(earL, earR) + half / 2) * m.widthPx));
            let top = -1;
            for (let y = 0; y < m.heightPx && top < 0; y++) {
              for (let x = c0; x <= c1; x++) {
                if (m.data[y * m.widthPx + x]! > 127) {
                  top = y;
                  break;
                }
              }
            }
            if (top >= 0) {
              frames.push({
                frameId: pose.frameId,
                headTopY: toScreenY((top / m.heightPx) * H),
                headX: toScreenX(lm[0]!.x * W),
                ankleY: [toScreenY(lm[27]!.y * H), toScreenY(lm[28]!.y * H)],
                ankleX: [toScreenX(lm[27]!.x * W), toScreenX(lm[28]!.x * W)],
              });
            }
          }
        }
        const enough = frames.length >= w.poseFrames && renders.length >= w.renders;
        if (!enough && performance.now() - t0 < w.timeoutMs) requestAnimationFrame(tick);
        else done();
      };
      requestAnimationFrame(tick);
    });
    return { frames, renders, missingMask };
  }, want);
}

async function startSession(page: Page, baseURL: string): Promise<void> {
  await page.goto(`${baseURL}?e2e&debug`);
  await expect.poll(() => page.evaluate(() => window.__atelierShopper?.sessionState()), { timeout: 60_000 }).toBe('active');
  await dismissGuide(page);
}

/** Closes the first-time gesture guide if it is still up (it also closes itself after a few seconds). */
async function dismissGuide(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelector<HTMLButtonElement>('[data-testid="guide-ok"]')?.click());
}

test.beforeAll(() => fs.mkdirSync(SCREENSHOTS, { recursive: true }));

test.describe('portrait mirror clip, running in place', () => {
  let browser: Browser;
  let page: Page;
  test.beforeAll(async () => {
    browser = await browserWithCamera(FAKE_CAMERA_PORTRAIT_CLIP);
  });
  test.afterAll(async () => browser.close());
  test.beforeEach(async () => {
    page = await browser.newPage({ viewport: PORTRAIT });
  });
  test.afterEach(async () => page.close());

  test('head top and ankles stay on screen in ≥ 95 % of frames once the session has started', async ({ baseURL }) => {
    test.setTimeout(300_000);
    await startSession(page, baseURL!);
    const f0 = await page.evaluate(() => window.__atelierDebug!.framing());
    console.log('camera frame', f0.frameWidthPx, '×', f0.frameHeightPx, 'view', JSON.stringify(f0.view));
    const { frames, missingMask } = await sampleFraming(page, { poseFrames: 30, renders: 0, timeoutMs: 150_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'framing-portrait-run.png') });
    const inside = (y: number): boolean => y >= 0 && y <= 1;
    const ok = frames.filter((s) => inside(s.headTopY) && s.ankleY.every(inside) && inside(s.headX) && s.ankleX.every(inside));
    const share = ok.length / frames.length;
    const summary = {
      frames: frames.length,
      wholeBodyOnScreen: share,
      highestHeadTop: Math.min(...frames.map((s) => s.headTopY)),
      lowestAnkle: Math.max(...frames.flatMap((s) => s.ankleY)),
    };
    console.log('framing portrait run:', JSON.stringify(summary));
    fs.writeFileSync(path.join(SCREENSHOTS, 'framing-portrait-run.json'), JSON.stringify(summary, null, 2));
    expect(missingMask, 'the engine sends a person mask with every pose').toBe(0);
    expect(frames.length, 'pose frames seen').toBeGreaterThanOrEqual(30);
    expect(share).toBeGreaterThanOrEqual(0.95);
  });
});

test.describe('portrait mirror clip, standing still', () => {
  let browser: Browser;
  let page: Page;
  test.beforeAll(async () => {
    browser = await browserWithCamera(FAKE_CAMERA_STILL_CLIP);
  });
  test.afterAll(async () => browser.close());
  test.beforeEach(async () => {
    page = await browser.newPage({ viewport: PORTRAIT });
  });
  test.afterEach(async () => page.close());

  test('the framing holds still: its centre moves < 1 % of the screen per frame', async ({ baseURL }) => {
    test.setTimeout(120_000);
    await startSession(page, baseURL!);
    // Let the first glide from the full frame to the shopper finish.
    await expect.poll(() => page.evaluate(() => window.__atelierDebug!.framing().moving), { timeout: 10_000 }).toBe(false);
    const { renders, frames } = await sampleFraming(page, { poseFrames: 15, renders: 90, timeoutMs: 60_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'framing-portrait-still.png') });
    let maxStep = 0;
    for (let i = 1; i < renders.length; i++) {
      const a = renders[i - 1]!;
      const b = renders[i]!;
      // Movement of the view's centre as a share of the screen (the view spans the whole screen).
      const viewWidthPx = (b.viewHeightPx * PORTRAIT.width) / PORTRAIT.height;
      maxStep = Math.max(maxStep, Math.abs(b.centreX - a.centreX) / viewWidthPx, Math.abs(b.centreY - a.centreY) / b.viewHeightPx);
    }
    const summary = { renderedFrames: renders.length, poseFrames: frames.length, maxCentreStepOfScreen: maxStep };
    console.log('framing portrait still:', JSON.stringify(summary));
    fs.writeFileSync(path.join(SCREENSHOTS, 'framing-portrait-still.json'), JSON.stringify(summary, null, 2));
    expect(renders.length).toBeGreaterThanOrEqual(90);
    expect(maxStep).toBeLessThan(0.01);
    // And the still shopper is framed whole.
    const inside = (y: number): boolean => y >= 0 && y <= 1;
    expect(frames.filter((s) => inside(s.headTopY) && s.ankleY.every(inside)).length).toBe(frames.length);
  });
});

/**
 * Share of the shopper's on-screen body box covered by the mirror's UI, per pose frame. The body box: every
 * landmark and the framing's head top, through the view the mirror renders. The UI: every visible element that
 * draws something — a background or backdrop, or a leaf (text, picture, button) — except the canvas and the hand
 * pointer, unioned on a 2-pixel grid. Only pose frames with a garment on count (the claim is about wearing); those
 * without one — the visit ended, which takes the outfit off — are counted apart, for the failure message.
 */
async function sampleCoverage(page: Page, poseFrames: number): Promise<{ coverage: number[]; withoutGarment: number }> {
  return page.evaluate(async (want) => {
    const debug = window.__atelierDebug!;
    let withoutGarment = 0;
    const host = document.querySelector('.mirror')!;
    const out: number[] = [];
    let lastId = -1;
    const t0 = performance.now();
    const uiRects = (): DOMRect[] => {
      const rects: DOMRect[] = [];
      for (const el of host.querySelectorAll('*')) {
        if (el.tagName === 'CANVAS' || el.closest('[data-testid="touch-cursor"]')) continue;
        const cs = getComputedStyle(el);
        if (cs.visibility === 'hidden' || cs.display === 'none' || Number(cs.opacity) === 0) continue;
        const bg = cs.backgroundColor.match(/rgba?\(([^)]+)\)/);
        const bgAlpha = bg ? (bg[1]!.split(',').length === 4 ? Number(bg[1]!.split(',')[3]) : 1) : 0;
        const draws = bgAlpha > 0.05 || cs.backgroundImage !== 'none' || cs.backdropFilter !== 'none' || el.children.length === 0;
        if (!draws) continue;
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) rects.push(r);
      }
      return rects;
    };
    await new Promise<void>((done) => {
      const tick = (): void => {
        const pose = debug.latestPose();
        if (pose && pose.frameId !== lastId && pose.landmarks.length >= 33 && debug.outfit().length === 0) {
          lastId = pose.frameId;
          withoutGarment++;
        } else if (pose && pose.frameId !== lastId && pose.landmarks.length >= 33) {
          lastId = pose.frameId;
          const f = debug.framing();
          const v = f.view;
          const hostRect = host.getBoundingClientRect();
          const sx = (xPx: number): number => hostRect.left + (1 - (xPx - v.xPx) / v.widthPx) * hostRect.width;
          const sy = (yPx: number): number => hostRect.top + ((yPx - v.yPx) / v.heightPx) * hostRect.height;
          let l = Infinity;
          let r = -Infinity;
          let t = sy(f.body.topPx);
          let b = -Infinity;
          for (const p of pose.landmarks) {
            const x = sx(p.x * f.frameWidthPx);
            const y = sy(p.y * f.frameHeightPx);
            l = Math.min(l, x);
            r = Math.max(r, x);
            t = Math.min(t, y);
            b = Math.max(b, y);
          }
          // Only the part of the body on screen can be covered.
          l = Math.max(l, hostRect.left);
          r = Math.min(r, hostRect.right);
          t = Math.max(t, hostRect.top);
          b = Math.min(b, hostRect.bottom);
          const rects = uiRects();
          let covered = 0;
          let cells = 0;
          for (let y = t + 1; y < b; y += 2) {
            for (let x = l + 1; x < r; x += 2) {
              cells++;
              for (const q of rects) {
                if (x >= q.left && x < q.right && y >= q.top && y < q.bottom) {
                  covered++;
                  break;
                }
              }
            }
          }
          out.push(cells ? covered / cells : 0);
        }
        if (out.length < want && performance.now() - t0 < 150_000) requestAnimationFrame(tick);
        else done();
      };
      requestAnimationFrame(tick);
    });
    return { coverage: out, withoutGarment };
  }, poseFrames);
}

/** Puts the demo collection's everyday tee on by touch. */
async function wearTee(page: Page): Promise<void> {
  await page.getByTestId('product-tee-everyday').click();
  await page.getByTestId('try-on').click();
  await expect(page.getByTestId('wearing-bar')).toBeVisible({ timeout: 20_000 });
}

for (const display of [
  { name: 'portrait', viewport: PORTRAIT },
  { name: 'landscape', viewport: { width: 960, height: 540 } },
]) {
  test.describe(`UI over the shopper, ${display.name} display`, () => {
    let browser: Browser;
    let page: Page;
    test.beforeAll(async () => {
      browser = await browserWithCamera(FAKE_CAMERA_PORTRAIT_CLIP);
    });
    test.afterAll(async () => browser.close());
    test.beforeEach(async () => {
      page = await browser.newPage({ viewport: display.viewport });
    });
    test.afterEach(async () => page.close());

    test('while a garment is on, the UI covers at most 10 % of the shopper’s body box; Details brings the panels back', async ({ baseURL }) => {
      test.setTimeout(360_000);
      // The fold clock at 8 s, not the shopper's 20 s: the dock counts at most 0.75 s per drawn frame (a stall is not
      // idle time), so on a starved CI machine drawing a frame in 2 s, 20 s of idle takes 53 s and CI's landscape run saw no
      // fold within 40 s. The fold itself is what this checks; its length is panel-dock.test.ts's.
      await page.goto(`${baseURL}?e2e&panelIdleMs=8000`);
      await expect.poll(() => page.evaluate(() => window.__atelierShopper?.sessionState()), { timeout: 60_000 }).toBe('active');
      await dismissGuide(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, `ui-${display.name}-browsing.png`) });
      await wearTee(page);
      // Folded, the rail is kept (hidden, inert) so it comes back where the shopper left it.
      await expect(page.getByTestId('catalog-rail')).toBeHidden();
      await expect(page.getByTestId('product-panel')).toHaveCount(0);
      const { coverage, withoutGarment } = await sampleCoverage(page, 15);
      await page.screenshot({ path: path.join(SCREENSHOTS, `ui-${display.name}-wearing.png`) });
      const summary = { poseFrames: coverage.length, maxCoverage: Math.max(...coverage), medianCoverage: coverage.sort((a, b) => a - b)[Math.floor(coverage.length / 2)] };
      console.log(`UI coverage ${display.name}:`, JSON.stringify(summary));
      fs.writeFileSync(path.join(SCREENSHOTS, `ui-${display.name}-coverage.json`), JSON.stringify(summary, null, 2));
      const state = await page.evaluate(() => ({ session: window.__atelierShopper?.sessionState(), engine: window.__atelierDebug!.engineState(), outfit: window.__atelierDebug!.outfit().length }));
      expect(coverage.length, `pose frames sampled with the tee on (${withoutGarment} without it; the mirror then: ${JSON.stringify(state)})`).toBeGreaterThanOrEqual(10);
      expect(summary.maxCoverage).toBeLessThanOrEqual(0.1);

      // A touch on the bar brings the shop back; left alone, it folds again.
      await page.getByTestId('panel-expand').click();
      await expect(page.getByTestId('product-panel')).toBeVisible();
      await expect(page.getByTestId('catalog-rail')).toBeVisible();
      await page.screenshot({ path: path.join(SCREENSHOTS, `ui-${display.name}-details.png`) });
      const t0 = Date.now();
      await page.evaluate(() => {
        const w = window as unknown as { framesDrawn: number };
        w.framesDrawn = 0;
        const count = (): void => void (w.framesDrawn++, requestAnimationFrame(count));
        requestAnimationFrame(count);
      });
      try {
        await expect(page.getByTestId('wearing-bar')).toBeVisible({ timeout: 40_000 });
      } catch (e) {
        const frames = await page.evaluate(() => (window as unknown as { framesDrawn: number }).framesDrawn);
        throw new Error(`no fold: ${frames} frames drawn in ${((Date.now() - t0) / 1000).toFixed(1)} s of waiting\n${String(e)}`, { cause: e });
      }
    });

    if (display.name === 'portrait') {
      test('looks compare uses the screen: four looks, each at least 40 % of the screen height', async ({ baseURL }) => {
        test.setTimeout(240_000);
        await page.goto(`${baseURL}?e2e`);
        await expect.poll(() => page.evaluate(() => window.__atelierShopper?.sessionState()), { timeout: 60_000 }).toBe('active');
        await dismissGuide(page);
        await wearTee(page);
        // The garment is being fitted (drawn) before the looks are taken.
        await expect.poll(() => page.evaluate(() => window.__atelierDebug!.fitSamples().length), { timeout: 60_000 }).toBeGreaterThanOrEqual(5);
        for (let n = 1; n <= 4; n++) {
          await page.getByTestId('save-look').click();
          await expect(page.getByTestId('compare-looks')).toContainText(String(n), { timeout: 15_000 });
        }
        await page.getByTestId('compare-looks').click();
        await expect(page.getByTestId('look-card')).toHaveCount(4);
        await page.locator('[data-testid^="share-look-"]').first().click();
        await expect(page.getByTestId('look-qr')).toBeVisible({ timeout: 10_000 });
        // The picture as drawn: the <img> box with its content contained.
        const heights = await page.getByTestId('look-picture').evaluateAll((imgs) =>
          (imgs as HTMLImageElement[]).map((img) => {
            const r = img.getBoundingClientRect();
            const k = Math.min(r.width / img.naturalWidth, r.height / img.naturalHeight);
            return (img.naturalHeight * k) / window.innerHeight;
          }),
        );
        await page.screenshot({ path: path.join(SCREENSHOTS, 'looks-compare-portrait.png') });
        console.log('looks compare picture heights (share of the screen):', heights.map((h) => h.toFixed(3)).join(', '));
        expect(heights).toHaveLength(4);
        for (const h of heights) expect(h).toBeGreaterThanOrEqual(0.4);
      });
    }
  });
}

import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_CAMERA_PORTRAIT_CLIP, SCREENSHOTS } from './support/env';

/**
 * The mirror clip as the camera: a shopper facing the mirror starts a session; the street video's passers-by (walking
 * across, seen from the side or the back) rightly start none.
 */
test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${FAKE_CAMERA_PORTRAIT_CLIP}`] } });

test.beforeAll(() => fs.mkdirSync(SCREENSHOTS, { recursive: true }));

test('a shopper steps in, picks a shirt from the rail and wears it: it follows their shoulders', async ({ page }) => {
  // On 2 cores without a GPU the engine's inference and SwiftShader's drawing share the CPU: the mirror draws about 3
  // frames a second with the shirt on, so the 45 frames below take 15 s and a colour switch 5–9 s (measured, quiet).
  test.setTimeout(150_000);
  await page.goto('/?e2e&debug');
  // Nobody in front yet → attract screen; the mirror clip's shopper steps in → a session starts.
  await expect(page.getByTestId('catalog-rail')).toBeVisible({ timeout: 45_000 });
  await page.getByTestId('category-shirt').click();
  await page.getByTestId('product-shirt-oxford').click();
  await expect(page.getByTestId('product-panel')).toContainText('Oxford');
  // The price as the catalog has it now (the admin suite may have edited it), formatted for the locale.
  await expect(page.getByTestId('product-price')).toHaveText(/^CN¥\d+\.\d\d$/);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'shop-product.png') });
  await page.getByTestId('try-on').click();
  await expect(page.getByTestId('take-off')).toBeVisible({ timeout: 10_000 });

  // The garment's shoulder anchors against the tracked shoulders, rendered frame by rendered frame. Meanwhile the
  // pose latency the debug overlay shows is sampled: printed, not asserted — on this machine it moves with the other
  // work on its 2 cores (docs/frame-pipe.md, "Latency on a loaded kiosk").
  const latenciesMs: number[] = [];
  await expect
    .poll(
      async () => {
        const [fitted, latencyMs] = await page.evaluate(() => [window.__atelierDebug!.fitSamples().length, window.__atelierDebug!.poseLatencyMs()]);
        latenciesMs.push(latencyMs!);
        return fitted;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(45);
  latenciesMs.sort((a, b) => a - b);
  console.log('pose latency (ms):', JSON.stringify({ samples: latenciesMs.length, median: Math.round(latenciesMs[latenciesMs.length >> 1]!), max: Math.round(latenciesMs.at(-1)!) }));
  const samples = await page.evaluate(() => window.__atelierDebug!.fitSamples());
  let run = 0;
  let bestRun = 0;
  for (const s of samples) {
    run = s.shoulderErrorOfWidth <= 0.04 ? run + 1 : 0;
    bestRun = Math.max(bestRun, run);
  }
  const errors = samples.map((s) => s.shoulderErrorOfWidth).sort((a, b) => a - b);
  const summary = { frames: samples.length, bestRun, medianErrorOfWidth: errors[Math.floor(errors.length / 2)], maxErrorOfWidth: errors.at(-1) };
  fs.writeFileSync(path.join(SCREENSHOTS, 'garment-fit.json'), JSON.stringify(summary, null, 2));
  console.log('garment fit:', JSON.stringify(summary));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'garment-fit.png') });
  // The garment is drawn without folding over in every rendered frame. How well it fits the body is measured against
  // the camera picture by tests/fit (atelier tryon); this live check only keeps the drawn shoulders near the tracked
  // ones. Regression floor, not the goal: at true size the shirt's shoulder line sits below the tracked shoulders
  // (measured median 7.7 % of the frame width here, with 1.2 s of engine latency on this machine; issue 13).
  expect(samples.every((s) => s.foldedTriangles === 0)).toBe(true);
  expect(summary.medianErrorOfWidth).toBeLessThanOrEqual(0.1);

  // The other colour goes on in place: the worn variant changes and the drawn garment changes colour.
  const wasWhite = (await page.getByTestId('colour-White').getAttribute('class'))?.includes('on') ?? false;
  const before = await garmentColour(page);
  const wornBefore = (await page.evaluate(() => window.__atelierDebug!.outfit())).map((w) => w.id);
  await page.getByTestId(`colour-${wasWhite ? 'Oxford Blue' : 'White'}`).click();
  await expect.poll(async () => (await page.evaluate(() => window.__atelierDebug!.outfit())).map((w) => w.id), { timeout: 30_000 }).not.toEqual(wornBefore);
  await page.waitForTimeout(1000);
  const after = await garmentColour(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'garment-fit-blue.png') });
  console.log('garment colour before/after', JSON.stringify({ before, after }));
  expect(before.pixels).toBeGreaterThan(200);
  expect(after.pixels).toBeGreaterThan(200);
  // Oxford blue is bluer than white (blue − red of the drawn garment's pixels), by a margin that shading cannot fake.
  const blueness = (c: { r: number; b: number }) => c.b - c.r;
  if (wasWhite) expect(blueness(after) - blueness(before)).toBeGreaterThan(15);
  else expect(blueness(before) - blueness(after)).toBeGreaterThan(15);
});

/**
 * Mean colour of the garment as drawn: display pixels that differ clearly from the camera picture behind them (the
 * display is mirrored, so display x matches camera x' = w − 1 − x).
 */
async function garmentColour(page: Page): Promise<{ r: number; g: number; b: number; pixels: number }> {
  const W = 160;
  const H = 284;
  const pair = await page.evaluate(([w, h]) => window.__atelierDebug!.snapshotPair(w!, h!), [W, H]);
  expect(pair, 'a rendered frame').not.toBeNull();
  let r = 0;
  let g = 0;
  let b = 0;
  let pixels = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const d = 4 * (y * W + x);
      const c = 4 * (y * W + (W - 1 - x));
      if (pair!.camera[c + 3] === 0) continue;
      const diff = Math.abs(pair!.display[d]! - pair!.camera[c]!) + Math.abs(pair!.display[d + 1]! - pair!.camera[c + 1]!) + Math.abs(pair!.display[d + 2]! - pair!.camera[c + 2]!);
      if (diff < 60) continue;
      r += pair!.display[d]!;
      g += pair!.display[d + 1]!;
      b += pair!.display[d + 2]!;
      pixels++;
    }
  }
  return pixels === 0 ? { r: 0, g: 0, b: 0, pixels } : { r: r / pixels, g: g / pixels, b: b / pixels, pixels };
}

import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { SCREENSHOTS } from './support/env';
import type { SnapshotPair } from '../src/renderer/debug/hooks';

const W = 64;
const H = 36;

async function snapshot(page: Page): Promise<SnapshotPair> {
  const pair = await page.evaluate(([w, h]) => window.__atelierDebug?.snapshotPair(w!, h!) ?? Promise.resolve(null), [W, H]);
  if (!pair) throw new Error('no video frame yet');
  return pair;
}

/** Mean absolute difference per channel (0–255) between the display and the camera frame, optionally flipped. */
function meanAbsDiff(p: SnapshotPair, flipCamera: boolean): number {
  let sum = 0;
  let n = 0;
  for (let y = 0; y < p.heightPx; y++) {
    for (let x = 0; x < p.widthPx; x++) {
      const cx = flipCamera ? p.widthPx - 1 - x : x;
      for (let c = 0; c < 3; c++) {
        sum += Math.abs(p.display[(y * p.widthPx + x) * 4 + c]! - p.camera[(y * p.widthPx + cx) * 4 + c]!);
        n++;
      }
    }
  }
  return sum / n;
}

function stdDev(rgba: number[]): number {
  let s = 0;
  let s2 = 0;
  let n = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const l = (rgba[i]! + rgba[i + 1]! + rgba[i + 2]!) / 3;
    s += l;
    s2 += l * l;
    n++;
  }
  return Math.sqrt(s2 / n - (s / n) ** 2);
}

test.beforeAll(() => fs.mkdirSync(SCREENSHOTS, { recursive: true }));

test('the mirror shows the camera full screen, mirrored and live', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto('/?e2e');
  await expect.poll(() => page.evaluate(() => window.__atelierDebug?.cameraState()), { timeout: 20_000 }).toBe('live');

  // The canvas fills the viewport.
  const box = await page.getByTestId('mirror-canvas').boundingBox();
  expect(box).toEqual({ x: 0, y: 0, width: 1280, height: 720 });

  // Let a few frames through, then compare what is shown with the camera frame of the same instant.
  await page.waitForTimeout(500);
  const first = await snapshot(page);
  expect(stdDev(first.display), 'the picture is not blank').toBeGreaterThan(10);
  const mirrored = meanAbsDiff(first, true);
  const unmirrored = meanAbsDiff(first, false);
  // The display equals the horizontally flipped camera frame (up to scaling/filtering), and not the unflipped one.
  console.log(`mirror check: mirrored ${mirrored.toFixed(1)}, unmirrored ${unmirrored.toFixed(1)}`);
  // Tolerance covers JPEG decode, texture filtering and the 20× downscale; the unflipped frame is ~3× further away.
  expect(mirrored).toBeLessThan(20);
  expect(unmirrored).toBeGreaterThan(mirrored * 2);

  // Frames change: the street video is playing.
  await page.waitForTimeout(1000);
  const later = await snapshot(page);
  expect(later.videoTimeS).toBeGreaterThan(first.videoTimeS);
  let changed = 0;
  for (let i = 0; i < later.display.length; i++) changed += Math.abs(later.display[i]! - first.display[i]!);
  expect(changed / later.display.length).toBeGreaterThan(1);

  await page.screenshot({ path: path.join(SCREENSHOTS, 'mirror-landscape.png') });
  fs.writeFileSync(
    path.join(SCREENSHOTS, 'mirror-landscape.json'),
    JSON.stringify({ mirroredDiff: mirrored, unmirroredDiff: unmirrored }, null, 2),
  );

  // Everything the page loaded came from the web shell itself.
  const foreign = requests.filter((u) => !u.startsWith('http://127.0.0.1:') && !u.startsWith('ws://127.0.0.1:') && !u.startsWith('data:') && !u.startsWith('blob:'));
  expect(foreign).toEqual([]);
});

test('portrait display: the mirror is cover-fitted to a 9:16 screen', async ({ page }) => {
  await page.setViewportSize({ width: 540, height: 960 });
  await page.goto('/?e2e');
  await expect.poll(() => page.evaluate(() => window.__atelierDebug?.cameraState()), { timeout: 20_000 }).toBe('live');
  await page.waitForTimeout(500);
  const shot = await page.screenshot({ path: path.join(SCREENSHOTS, 'mirror-portrait.png') });
  expect(shot.byteLength).toBeGreaterThan(10_000);
  const p = await snapshot(page);
  expect(stdDev(p.display), 'no black bars: the frame covers the screen').toBeGreaterThan(10);
  // Cover fit: top and bottom rows are picture, not letterbox bars.
  const rowMean = (y: number): number => {
    let s = 0;
    for (let x = 0; x < p.widthPx; x++) s += p.display[(y * p.widthPx + x) * 4]! + p.display[(y * p.widthPx + x) * 4 + 1]!;
    return s / p.widthPx;
  };
  expect(rowMean(0) + rowMean(p.heightPx - 1)).toBeGreaterThan(20);
});

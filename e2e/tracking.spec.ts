import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SCREENSHOTS } from './support/env';

test.beforeAll(() => fs.mkdirSync(SCREENSHOTS, { recursive: true }));

test('the native engine tracks a person in the street video and streams landmarks to the mirror', async ({ page }) => {
  await page.goto('/?e2e&debug');
  await expect.poll(() => page.evaluate(() => window.__atelierDebug?.engineState()), { timeout: 30_000 }).toBe('running');
  await expect
    .poll(() => page.evaluate(() => window.__atelierDebug?.trackedFrames() ?? 0), { timeout: 30_000, intervals: [500] })
    .toBeGreaterThan(20);
  // The street video loops through moments with nobody in view; the latest frame then carries no landmarks, which
  // is right. Wait for a frame that has a person, as a shopper stepping in would be.
  // The frame is kept from the same read that found the person (a second read may land on an empty moment).
  const latestPose = () => page.evaluate(() => window.__atelierDebug!.latestPose());
  let pose = null as Awaited<ReturnType<typeof latestPose>>;
  await expect
    .poll(async () => (pose = await latestPose())?.landmarks.length ?? 0, { timeout: 20_000 })
    .toBe(33);
  expect(pose).not.toBeNull();
  expect(pose!.landmarks).toHaveLength(33);
  expect(pose!.worldLandmarks).toHaveLength(33);
  // Shoulders above hips in the image (y down), and everything near the frame.
  const lm = pose!.landmarks;
  expect((lm[11]!.y + lm[12]!.y) / 2).toBeLessThan((lm[23]!.y + lm[24]!.y) / 2);
  for (const p of lm) {
    expect(p.x).toBeGreaterThan(-0.5);
    expect(p.x).toBeLessThan(1.5);
  }
  expect(pose!.provider).toBe('cpu');
  expect(pose!.mask?.data.length).toBe(pose!.mask!.widthPx * pose!.mask!.heightPx);
  await expect(page.getByTestId('engine-state')).toHaveText('running');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'tracking-skeleton.png') });
});

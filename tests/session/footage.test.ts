/**
 * The shopper session on real footage, through the real engine: the native BlazePose tracker (tracking mode, as in
 * the mirror) turns each frame into a pose, `shopperZone` judges it and `ShopperSession` runs the lifecycle on the
 * frames' own clock. Street video: passers-by walk across and start nothing. Mirror clip: an empty wall, a shopper
 * running in place in front of the mirror, the wall again, the shopper again — the session starts, ends within the
 * bound after the person left, and the second arrival gets a new session.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeVideo, loadImageRgba } from '../../src/inference/bench/frames';
import { createOrtPoseModels, type OrtPoseModels } from '../../src/inference/pose-models-ort';
import { PoseTracker } from '../../src/inference/tracker';
import { ShopperSession } from '../../src/renderer/session/shopper-session';
import { shopperZone, type ZoneVerdict } from '../../src/renderer/session/shopper-zone';

const REPO = path.resolve(import.meta.dirname, '../..');
const MEDIA = path.resolve(process.env.ATELIER_SHARED_MEDIA ?? path.join(REPO, '../shared/media'));
const MIRROR_CLIP = path.join(MEDIA, 'mirror_run.mp4');
const STREET = path.join(MEDIA, 'video.avi');
const MODELS = path.join(REPO, 'models');

let models: OrtPoseModels;
let tmp: string;

beforeAll(async () => {
  for (const f of [MIRROR_CLIP, STREET]) {
    if (!existsSync(f)) throw new Error(`test media missing: ${f} (see ../shared/media/README.md)`);
  }
  if (!existsSync(path.join(MODELS, 'manifest.json'))) throw new Error('models missing: run `npm run models:build`');
  models = await createOrtPoseModels({ modelsDir: MODELS, model: 'full' });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-session-'));
});
afterAll(async () => {
  await models?.dispose();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface Run {
  verdicts: Array<{ atMs: number; verdict: ZoneVerdict }>;
  events: Array<{ atMs: number; what: string }>;
}

async function runSession(frames: Array<{ data: Uint8Array; widthPx: number; heightPx: number }>, fps: number): Promise<Run> {
  const tracker = new PoseTracker(models, { segmentation: false });
  const run: Run = { verdicts: [], events: [] };
  let clockMs = 0;
  let n = 0;
  const session = new ShopperSession({
    newId: () => `s${++n}`,
    onStart: (id) => run.events.push({ atMs: clockMs, what: `start ${id}` }),
    onEnd: (id, why) => run.events.push({ atMs: clockMs, what: `end ${id} ${why}` }),
  });
  for (let i = 0; i < frames.length; i++) {
    clockMs = (i * 1000) / fps;
    const f = frames[i]!;
    const pose = await tracker.process({ data: f.data, widthPx: f.widthPx, heightPx: f.heightPx, timestampMs: clockMs });
    const verdict = shopperZone(pose.landmarks, f.widthPx / f.heightPx);
    run.verdicts.push({ atMs: clockMs, verdict });
    session.observe(verdict, clockMs);
  }
  // Keep the clock running on the empty end (the mirror's frame loop ticks).
  for (let t = clockMs; t < clockMs + 12_000; t += 100) session.tick(t);
  return run;
}

describe('shopper session on real footage', () => {
  it('passers-by in the street video start no session', async () => {
    const video = await decodeVideo(STREET);
    const frames = video.frames.map((data) => ({ data, widthPx: video.widthPx, heightPx: video.heightPx }));
    const run = await runSession(frames, video.fps);
    const counts: Record<string, number> = {};
    for (const v of run.verdicts) counts[v.verdict] = (counts[v.verdict] ?? 0) + 1;
    console.log(`street video, ${frames.length} frames: zone verdicts ${JSON.stringify(counts)}; events ${JSON.stringify(run.events)}`);
    expect(run.events).toEqual([]);
  }, 180_000);

  it('empty wall → shopper → empty wall → shopper: two clean sessions, each wiped within 3 s of leaving', async () => {
    const video = await decodeVideo(MIRROR_CLIP);
    // The empty wall: the clip's middle frame with the person painted out by ffmpeg's delogo (interpolated from the
    // wall around them) — the same camera, light and background, nobody there.
    const still = path.join(tmp, 'frame.png');
    const wallPng = path.join(tmp, 'wall.png');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-ss', '2', '-i', MIRROR_CLIP, '-frames:v', '1', still]);
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', still, '-vf', 'delogo=x=40:y=10:w=340:h=945', wallPng]);
    const wall = await loadImageRgba(wallPng);
    expect([wall.widthPx, wall.heightPx]).toEqual([video.widthPx, video.heightPx]);
    const person = video.frames.map((data) => ({ data, widthPx: video.widthPx, heightPx: video.heightPx }));
    const empty = Array.from({ length: Math.round(video.fps * 5) }, () => wall);
    const frames = [...empty.slice(0, 60), ...person, ...empty, ...person, ...empty];
    const run = await runSession(frames, video.fps);
    const frameMs = 1000 / video.fps;
    const firstLeaveMs = (60 + person.length) * frameMs;
    const secondArriveMs = firstLeaveMs + empty.length * frameMs;
    const secondLeaveMs = secondArriveMs + person.length * frameMs;
    console.log(`mirror clip: events ${JSON.stringify(run.events.map((e) => `${e.what} @${(e.atMs / 1000).toFixed(2)} s`))}; person left at ${(firstLeaveMs / 1000).toFixed(2)} s and ${(secondLeaveMs / 1000).toFixed(2)} s`);
    expect(run.events.map((e) => e.what)).toEqual(['start s1', 'end s1 left', 'start s2', 'end s2 left']);
    const [start1, end1, start2, end2] = run.events.map((e) => e.atMs) as [number, number, number, number];
    // Starts: after ~1 s facing the mirror, well within the first seconds of arrival.
    expect(start1 - 60 * frameMs).toBeGreaterThanOrEqual(900);
    expect(start1 - 60 * frameMs).toBeLessThan(2500);
    expect(start2 - secondArriveMs).toBeLessThan(2500);
    // Ends: within 3 s of the person leaving (engine drop + leave delay), never before they left.
    expect(end1).toBeGreaterThan(firstLeaveMs);
    expect(end1 - firstLeaveMs).toBeLessThanOrEqual(3000);
    expect(end2 - secondLeaveMs).toBeLessThanOrEqual(3000);
    // The zone empties within a second of the first empty frame.
    const firstEmpty = run.verdicts.find((v) => v.atMs >= firstLeaveMs && v.verdict === 'nobody');
    expect(firstEmpty!.atMs - firstLeaveMs).toBeLessThanOrEqual(1000);
  }, 240_000);
});

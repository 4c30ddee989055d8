import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_HOW, MODELS_HOW, requirePrerequisites } from '../../../tests/support/prerequisites';
import type { PoseImageResult } from './pose';
import { runAtelier } from '../../../tests/support/run-atelier';

const REPO = path.resolve(import.meta.dirname, '../../..');
const MEDIA = path.resolve(REPO, '../shared/media');
const PHOTO = path.join(MEDIA, 'COCO_val2014_000000000241.jpg');
const NO_PERSON = path.join(MEDIA, 'COCO_val2014_000000000192.jpg');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-pose-'));

/** A folder of one photo (the bench's input for a few frames), in the test's temp dir. */
function photoFolder(name: string): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir);
  symlinkSync(PHOTO, path.join(dir, 'a.jpg'));
  return dir;
}
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the CLI in-process (own data dir, CPU provider) and captures what it prints. */
const atelier = (...args: string[]) => runAtelier('--data-dir', path.join(tmp, 'data'), '--ep', 'cpu', ...args);

describe('atelier pose / segment / bench (needs models/ and ../shared/media)', () => {
  beforeAll(() =>
    requirePrerequisites([
      { path: path.join(REPO, 'models/manifest.json'), how: MODELS_HOW },
      { path: PHOTO, how: MEDIA_HOW },
      { path: NO_PERSON, how: MEDIA_HOW },
    ]),
  );
  it('pose --json: 33 landmarks on the photo for a person, null for a photo without one', async () => {
    const r = await atelier('pose', '--json', '--model', 'lite', PHOTO, NO_PERSON);
    expect(r.code).toBe(0);
    const [person, nobody] = JSON.parse(r.out) as PoseImageResult[];
    expect(person).toMatchObject({ file: PHOTO, width: 480, height: 640 });
    expect(person!.landmarks).toHaveLength(33);
    expect(person!.worldLandmarks).toHaveLength(33);
    // Shoulders above hips (y down), head above shoulders, all inside the photo.
    const lm = person!.landmarks!;
    expect(lm[0]!.y).toBeLessThan(lm[11]!.y);
    expect((lm[11]!.y + lm[12]!.y) / 2).toBeLessThan((lm[23]!.y + lm[24]!.y) / 2);
    for (const l of lm.slice(0, 25)) {
      expect(l.x).toBeGreaterThanOrEqual(0);
      expect(l.x).toBeLessThanOrEqual(1);
    }
    // World landmarks are hip-centred, in metres.
    const hipMidM = (person!.worldLandmarks![23]!.x + person!.worldLandmarks![24]!.x) / 2;
    expect(Math.abs(hipMidM)).toBeLessThan(0.05);
    expect(nobody).toMatchObject({ file: NO_PERSON, landmarks: null, worldLandmarks: null });
  });

  it('pose: a table without --json, an overlay PNG of the photo size, a one-line error for a bad file', async () => {
    const overlay = path.join(tmp, 'overlay.png');
    const r = await atelier('pose', '--model', 'lite', '--overlay', overlay, PHOTO);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/480×640 {2}person/);
    expect(r.out).toMatch(/leftShoulder/);
    expect(await sharp(overlay).metadata()).toMatchObject({ width: 480, height: 640, format: 'png' });
    const bad = await atelier('pose', path.join(tmp, 'missing.jpg'));
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
  });

  it('segment: a 0/255 mask PNG of the photo size, for the pose and the selfie model', async () => {
    for (const model of ['pose', 'selfie']) {
      const file = path.join(tmp, `mask-${model}.png`);
      expect((await atelier('segment', PHOTO, '-o', file, '--model', model, '--pose-model', 'lite')).code).toBe(0);
      expect(await sharp(file).metadata()).toMatchObject({ width: 480, height: 640, channels: 1 });
      const data = await sharp(file).extractChannel(0).raw().toBuffer();
      const values = new Set(data);
      expect([...values].sort((a, b) => a - b)).toEqual([0, 255]);
      const person = data.filter((v) => v === 255).length / data.length;
      expect(person).toBeGreaterThan(0.1);
      expect(person).toBeLessThan(0.6);
    }
  });

  it('bench --json over a folder of photos reports the documented fields', async () => {
    const dir = photoFolder('frames');
    symlinkSync(PHOTO, path.join(dir, 'b.jpg'));
    const r = await atelier('bench', '--json', '--model', 'lite', '--input', dir, '--frames', '4', '--loop');
    expect(r.code).toBe(0);
    const [row] = JSON.parse(r.out) as Array<Record<string, unknown>>;
    expect(row).toMatchObject({ engine: 'native', model: 'lite', ep: 'cpu', frames: 4, detectorRuns: 1 });
    expect(row).toHaveProperty('latencyMs.p50');
    expect(row).toHaveProperty('latencyMs.p95');
    expect(row).toHaveProperty('stagesMs.landmarks.p95');
    expect(row!.fps).toBeGreaterThan(0);
    expect(row!.peakRssMB).toBeGreaterThan(0);
    expect(r.err).toMatch(/RSS at end/);
  });

  it('bench --model lite,full runs the models in turn and prints the first one\'s lead over the other', async () => {
    const dir = photoFolder('frames-models');
    const r = await atelier('bench', '--model', 'lite,full', '--input', dir, '--frames', '2', '--loop', '--no-mask');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^native\/lite\/fp32 on cpu: 2 frames/m);
    expect(r.out).toMatch(/^native\/full\/fp32 on cpu: 2 frames/m);
    expect(r.out).toMatch(/^models in this run .*lite [\d.]+ fps.*; full [\d.]+ fps/m);
    expect(r.out).toMatch(/^ {2}lite \/ full: fps [\d.]+×, CPU per frame [\d.]+×$/m);
    const bad = await atelier('bench', '--model', 'lite,medium', '--input', dir, '--frames', '1');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--model must be lite, full or heavy, got "medium"/);
  });

  it('bench --mask-head runs the mask each way in turn (whole graph, trunk + head) and refuses other values', async () => {
    const dir = photoFolder('frames-mask-head');
    const r = await atelier('bench', '--json', '--model', 'lite', '--input', dir, '--frames', '2', '--loop', '--mask-head', 'whole,split');
    expect(r.code, r.err).toBe(0);
    const rows = JSON.parse(r.out) as Array<{ maskHead: string; framesWithPerson: number }>;
    // `models build` writes the trunk / head pair (models/README.md): split runs it.
    expect(rows.map((x) => x.maskHead)).toEqual(['whole', 'split']);
    expect(rows.map((x) => x.framesWithPerson)).toEqual([2, 2]);
    const bad = await atelier('bench', '--model', 'lite', '--input', dir, '--frames', '1', '--mask-head', 'half');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--mask-head takes auto, split or whole, got "half"/);
  });

  it('bench --mask-reuse runs without and with the still-body mask reuse and reports how often it reused', async () => {
    const dir = photoFolder('frames-mask-reuse');
    const r = await atelier('bench', '--json', '--model', 'lite', '--input', dir, '--frames', '4', '--loop', '--mask-reuse', 'off,on');
    expect(r.code, r.err).toBe(0);
    const rows = JSON.parse(r.out) as Array<{ maskHead: string; maskReuse: boolean; masksReused: number; framesWithPerson: number }>;
    expect(rows.map((x) => [x.maskHead, x.maskReuse])).toEqual([
      ['split', false],
      ['split', true],
    ]);
    expect(rows[0]!.masksReused).toBe(0);
    expect(typeof rows[1]!.masksReused).toBe('number');
    expect(rows.map((x) => x.framesWithPerson)).toEqual([4, 4]);
    const bad = await atelier('bench', '--model', 'lite', '--input', dir, '--frames', '1', '--mask-reuse', 'maybe');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--mask-reuse takes on or off, got "maybe"/);
  });

  it('bench --mask-warp runs the mask warped by the renderer (sent over the ROI) and on the CPU, and prints the mask stage split', async () => {
    const dir = photoFolder('frames-mask-warp');
    const r = await atelier('bench', '--json', '--model', 'lite', '--input', dir, '--frames', '3', '--loop', '--mask-warp', 'gpu,cpu');
    expect(r.code, r.err).toBe(0);
    const rows = JSON.parse(r.out) as Array<{ maskWarp: string; maskBytesPerFrame: number; widthPx: number; heightPx: number; stagesMs: Record<string, { p50: number }> }>;
    expect(rows.map((x) => x.maskWarp)).toEqual(['gpu', 'cpu']);
    // Over the ROI: the head's 128 × 128; warped on the CPU: the frame at the model's resolution, a power-of-two step.
    expect(rows[0]!.maskBytesPerFrame).toBe(128 * 128);
    expect(rows[1]!.maskBytesPerFrame).toBeGreaterThan(128 * 128);
    // The head runs apart (deferred, as the engine runs it) at least on the first frame; the rest may reuse its mask.
    for (const row of rows) expect(row.stagesMs.maskHead?.p50).toBeGreaterThan(0);
    const table = await atelier('bench', '--model', 'lite', '--input', dir, '--frames', '2', '--loop', '--mask-warp', 'gpu', '--mask-thread', 'engine');
    expect(table.code, table.err).toBe(0);
    expect(table.out).toMatch(/mask stage p50 [\d.]+ ms on the engine's thread = head [\d.]+ ms \+ ROI bytes \(warp on the GPU\) [\d.]+ ms; mask sent: 16384 bytes\/frame/);
    const bad = await atelier('bench', '--model', 'lite', '--input', dir, '--frames', '1', '--mask-warp', 'gl');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--mask-warp takes gpu or cpu, got "gl"/);
  });

  it('bench --mask-thread runs the mask head on the engine\'s thread and in its worker, and prints where the mask stage goes', async () => {
    const dir = photoFolder('frames-mask-thread');
    // Reuse off: the same photo every frame would otherwise let the head rest after the first.
    const r = await atelier('bench', '--json', '--model', 'lite', '--input', dir, '--frames', '3', '--loop', '--mask-reuse', 'off', '--mask-thread', 'engine,worker');
    expect(r.code, r.err).toBe(0);
    const rows = JSON.parse(r.out) as Array<{ maskThread: string; maskBytesPerFrame: number; loopCpuMsPerFrame: number; masksLate: number; stagesMs: Record<string, { p50: number; runs: number }> }>;
    expect(rows.map((x) => x.maskThread)).toEqual(['engine', 'worker']);
    expect(rows[0]!.masksLate).toBe(0);
    for (const row of rows) expect(row.maskBytesPerFrame).toBe(128 * 128);
    expect(rows[0]!.stagesMs.maskWorker).toBeUndefined();
    // Frames 1 and 2 each take the worker's mask of the frame before, or show the last one (late) when it is not done:
    // the pose never waits for it, so which one depends on the machine's load.
    expect((rows[1]!.stagesMs.maskWorker?.runs ?? 0) + rows[1]!.masksLate).toBe(2);
    expect(rows[1]!.loopCpuMsPerFrame).toBeGreaterThan(0);
    const table = await atelier('bench', '--model', 'lite', '--input', dir, '--frames', '2', '--loop', '--mask-reuse', 'off', '--mask-thread', 'worker');
    expect(table.code, table.err).toBe(0);
    expect(table.out).toMatch(/mask-split128-warp-gpu-worker on cpu/);
    expect(table.out).toMatch(/mask stage p50 [\d.]+ ms on the engine's thread = wait for the worker's mask [\d.]+ ms \+ taking it in [\d.]+ ms \+ handing the features over [\d.]+ ms/);
    expect(table.out).toMatch(/masks late by 2\+ frames \(the worker not done in time, the last one shown\): \d+ of 2 frames/);
    // The worker is the default.
    const byDefault = await atelier('bench', '--json', '--model', 'lite', '--input', dir, '--frames', '1', '--loop');
    expect((JSON.parse(byDefault.out) as Array<{ maskThread: string }>).map((x) => x.maskThread)).toEqual(['worker']);
    const bad = await atelier('bench', '--model', 'lite', '--input', dir, '--frames', '1', '--mask-thread', 'gpu');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--mask-thread takes engine or worker, got "gpu"/);
  });
  it('bench prints where the mean frame goes (its parts add up to 1000 / fps) and runs each ORT setting in turn', async () => {
    const dir = photoFolder('frames-shares');
    const r = await atelier('bench', '--model', 'lite', '--input', dir, '--frames', '3', '--loop', '--threads', '2,1', '--mask-nice', '0,3');
    expect(r.code, r.err).toBe(0);
    const heads = [...r.out.matchAll(/^native\/lite\/fp32\/mask-split128-reuse-warp-gpu-worker(-nice\+3)? \((\d) threads?\) on cpu: 3 frames, ([\d.]+) fps/gm)];
    expect(heads.map((m) => `${m[2]}${m[1] ?? ''}`)).toEqual(['2', '2-nice+3', '1', '1-nice+3']);
    const shares = [...r.out.matchAll(/^ {2}mean frame ([\d.]+) ms = (.*) ms$/gm)];
    expect(shares).toHaveLength(4);
    for (const [i, m] of shares.entries()) {
      // fps is printed to 0.1: its inverse within that rounding.
      const fps = Number(heads[i]![3]);
      expect(Number(m[1])).toBeGreaterThanOrEqual(1000 / (fps + 0.05) - 0.01);
      expect(Number(m[1])).toBeLessThanOrEqual(1000 / (fps - 0.05) + 0.01);
      const parts = [...m[2]!.matchAll(/(-?[\d.]+)(?= \+|$)/g)].map((p) => Number(p[1]));
      expect(parts.length).toBeGreaterThanOrEqual(5);
      // Rounded to 0.01 per part.
      expect(Math.abs(parts.reduce((a, b) => a + b, 0) - Number(m[1]))).toBeLessThan(0.01 * parts.length + 0.01);
      expect(m[2]).toMatch(/crop [\d.]+ \+ landmarks [\d.]+ .*\+ mask [\d.]+ \+ between stages -?[\d.]+ \+ outside the tracker's clock -?[\d.]+$/);
    }
    const json = await atelier('bench', '--json', '--model', 'lite', '--input', dir, '--frames', '2', '--loop', '--spin', 'off,on', '--opt-level', 'extended');
    expect(json.code, json.err).toBe(0);
    const rows = JSON.parse(json.out) as Array<{ spinning?: boolean; optimizationLevel?: string; stagesMs: Record<string, { perFrame: number }> }>;
    expect(rows.map((x) => [x.spinning ?? false, x.optimizationLevel])).toEqual([
      [false, 'extended'],
      [true, 'extended'],
    ]);
    expect(rows[0]!.stagesMs.landmarks!.perFrame).toBeGreaterThan(0);
    for (const [flag, value, message] of [
      ['--spin', 'maybe', /--spin takes on or off, got "maybe"/],
      ['--opt-level', 'basic', /--opt-level takes all or extended, got "basic"/],
      ['--mask-nice', '-1', /--mask-nice must be a whole number, got "-1"/],
    ] as const) {
      const bad = await atelier('bench', '--model', 'lite', '--input', dir, '--frames', '1', flag, value);
      expect(bad.code, flag).not.toBe(0);
      expect(bad.err, flag).toMatch(message);
    }
  });
});

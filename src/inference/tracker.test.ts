import { describe, expect, it } from 'vitest';
import { PoseFrameSchema } from '../shared/pose';
import * as v from 'valibot';
import { gradientFrame } from '../../tests/fixtures/test-frames';
import { invertAffine, PersonMaskSampler } from '../shared/person-mask-at';
import { roiPlacement } from './pipeline/roi-mask';
import type { LandmarkOutput } from './pipeline/pose-models';
import type { NormRect } from './pipeline/types';
import { OFF_THREAD_MASK_WAIT_MS, PoseTracker, TRACKER_STAGES, type PoseModels } from './tracker';
import { bodyOffset, FakePoseModels } from '../../tests/fakes/tracker-fake-models';

const W = 256;
const H = 192;

function frameAt(timestampMs: number) {
  return { ...gradientFrame(W, H), timestampMs };
}

type HandOver = NonNullable<LandmarkOutput['segmentationOffThread']>;

/**
 * The fake models with the mask head in a worker: `handOver()` gives the frame's hand-over (undefined: the worker is
 * down, the head runs on the tracker's thread), `collect` answers for the worker.
 */
function withHeadWorker(models: FakePoseModels, handOver: () => HandOver | undefined, collect: NonNullable<PoseModels['collectOffThreadMask']>): PoseModels {
  return {
    inputLayout: models.inputLayout,
    provider: models.provider,
    detect: (input) => models.detect(input),
    async landmarks(input, want) {
      const out = await models.landmarks(input, want);
      const segmentationOffThread = handOver();
      return segmentationOffThread ? { ...out, segmentationOffThread } : out;
    },
    collectOffThreadMask: collect,
  };
}

describe('PoseTracker (static-image mode)', () => {
  it('detects, crops, and projects the landmarks back onto the person', async () => {
    const models = new FakePoseModels(W, H);
    models.people = [{ hipXNorm: 0.5, hipYNorm: 0.6, radiusPx: 40 }];
    const tracker = new PoseTracker(models, { mode: 'static' });
    const pose = await tracker.process(frameAt(0));
    expect(v.safeParse(PoseFrameSchema, pose).success).toBe(true);
    expect(pose.landmarks).toHaveLength(33);
    for (const k of [0, 7, 16, 32]) {
      const [dx, dy] = bodyOffset(k);
      expect(pose.landmarks[k]!.x * W).toBeCloseTo(0.5 * W + dx * 40, 0);
      expect(pose.landmarks[k]!.y * H).toBeCloseTo(0.6 * H + dy * 40, 0);
    }
    expect(pose.landmarks[0]!.visibility).toBeCloseTo(1 / (1 + Math.exp(-3)), 5);
    expect(pose.worldLandmarks[2]).toEqual({ x: expect.closeTo(0.02, 5), y: expect.closeTo(-0.04, 5), z: expect.closeTo(0.01, 5) });
    expect(pose.presence).toBeCloseTo(0.95, 6);
    expect(pose.provider).toBe('fake');
    expect(Object.keys(pose.stagesMs).sort()).toEqual([...TRACKER_STAGES].sort());
  });

  it('runs the detector on every frame and reports nobody at once', async () => {
    const models = new FakePoseModels(W, H);
    models.people = [{ hipXNorm: 0.5, hipYNorm: 0.6, radiusPx: 40 }];
    const tracker = new PoseTracker(models, { mode: 'static' });
    await tracker.process(frameAt(0));
    await tracker.process(frameAt(0));
    expect(models.detectCalls).toBe(2);
    models.people = [];
    const empty = await tracker.process(frameAt(0));
    expect(empty.landmarks).toEqual([]);
    expect(empty.presence).toBe(0);
    expect(empty.mask).toBeNull();
    expect(models.landmarkCalls).toBe(2); // no person detected → landmark model not run
  });

  it('letterboxes the frame into the detector input in the layout the models ask for', async () => {
    for (const layout of ['nhwc', 'nchw'] as const) {
      const models = new FakePoseModels(W, H, layout);
      await new PoseTracker(models, { mode: 'static' }).process(frameAt(0));
      const input = models.lastDetectInput;
      // Tensor row 10 is padding (black → -1); tensor (x 100, row 112) is frame pixel (100, 80).
      const at = (x: number, y: number, c: number) => (layout === 'nhwc' ? input[(y * 224 + x) * 3 + c]! : input[c * 224 * 224 + y * 224 + x]!);
      expect(at(100, 10, 2)).toBe(-1);
      const scale = 224 / 256;
      expect((at(100, 112, 0) + 1) * 127.5).toBeCloseTo((100 + 0.5) / scale - 0.5, 0);
      expect((at(100, 112, 2) + 1) * 127.5).toBeCloseTo(128, 3);
    }
  });

  it('picks the larger, central person when several are in view', async () => {
    const models = new FakePoseModels(W, H);
    models.people = [{ hipXNorm: 0.5, hipYNorm: 0.6, radiusPx: 50 }, { hipXNorm: 0.15, hipYNorm: 0.6, radiusPx: 25 }];
    const tracker = new PoseTracker(models, { mode: 'static' });
    const pose = await tracker.process(frameAt(0));
    expect(pose.landmarks[0]!.x).toBeCloseTo(0.5 + (bodyOffset(0)[0] * 50) / W, 2);
  });
});

describe('PoseTracker (tracking mode)', () => {
  it('runs the detector only when there is no ROI, and follows a moving person from the landmarks', async () => {
    const models = new FakePoseModels(W, H);
    const tracker = new PoseTracker(models, { smoothLandmarks: false });
    models.people = [{ hipXNorm: 0.4, hipYNorm: 0.6, radiusPx: 40 }];
    for (let f = 0; f < 20; f++) {
      models.people[0]!.hipXNorm = 0.4 + f * 0.01;
      const pose = await tracker.process(frameAt(f * 33));
      const [dx] = bodyOffset(12);
      expect(pose.landmarks[12]!.x * W).toBeCloseTo(models.people[0]!.hipXNorm * W + dx * 40, 0);
      if (f > 0) {
        expect(pose.stagesMs.detector).toBe(0);
        expect(pose.stagesMs.letterbox).toBe(0);
      }
    }
    expect(models.detectCalls).toBe(1);
    expect(tracker.detectorRuns).toBe(1);
    expect(tracker.nextRoi!.xCenterNorm).toBeCloseTo(0.59, 2);
  });

  it('goes back to the detector when presence drops below 0.5', async () => {
    const models = new FakePoseModels(W, H);
    models.people = [{ hipXNorm: 0.5, hipYNorm: 0.6, radiusPx: 40 }];
    const tracker = new PoseTracker(models);
    await tracker.process(frameAt(0));
    await tracker.process(frameAt(33));
    models.presence = 0.3;
    await tracker.process(frameAt(66));
    expect(tracker.nextRoi).toBeNull();
    models.presence = 0.9;
    await tracker.process(frameAt(100));
    expect(models.detectCalls).toBe(2);
  });

  it('holds the last pose for a few missed frames, then reports nobody present', async () => {
    const models = new FakePoseModels(W, H);
    models.people = [{ hipXNorm: 0.5, hipYNorm: 0.6, radiusPx: 40 }];
    const tracker = new PoseTracker(models, { absentAfterFrames: 3 });
    const seen = await tracker.process(frameAt(0));
    models.people = [];
    const held1 = await tracker.process(frameAt(33));
    const held2 = await tracker.process(frameAt(66));
    const gone = await tracker.process(frameAt(100));
    expect(held1.landmarks).toEqual(seen.landmarks);
    expect(held2.landmarks).toHaveLength(33);
    expect(held2.mask).not.toBeNull();
    expect(tracker.state).toBe('absent');
    expect(gone.landmarks).toEqual([]);
    expect(gone.presence).toBe(0);
    expect(held1.frameId).toBe(seen.frameId + 1);
  });

  it('smooths landmarks: a jittering person moves less in the output than in the input', async () => {
    const models = new FakePoseModels(W, H);
    models.people = [{ hipXNorm: 0.5, hipYNorm: 0.6, radiusPx: 40 }];
    const tracker = new PoseTracker(models);
    const xs: number[] = [];
    for (let f = 0; f < 40; f++) {
      models.people[0]!.hipXNorm = 0.5 + (f % 2 === 0 ? 1 : -1) / W; // ±1 px jitter
      const pose = await tracker.process(frameAt(f * 33));
      if (f >= 10) xs.push(pose.landmarks[12]!.x * W);
    }
    const spread = Math.max(...xs) - Math.min(...xs);
    expect(spread).toBeLessThan(2 * 0.8);
  });

  it('produces a frame-sized mask of the ROI and lets the caller recycle mask buffers', async () => {
    const models = new FakePoseModels(W, H);
    models.people = [{ hipXNorm: 0.5, hipYNorm: 0.6, radiusPx: 40 }];
    const tracker = new PoseTracker(models);
    const a = await tracker.process(frameAt(0));
    expect(a.mask!.widthPx).toBe(W);
    expect(a.mask!.data.length).toBe(W * H);
    expect(a.mask!.data[Math.round(0.6 * H) * W + W / 2]).toBe(255);
    expect(a.mask!.data[5 * W + 5]).toBe(0);
    tracker.recycleMask(a.mask!.data);
    const b = await tracker.process(frameAt(33));
    expect(b.mask!.data).toBe(a.mask!.data);
  });

  it('asks the models for no mask when it makes none (so they can run the graph without the segmentation head)', async () => {
    const models = new FakePoseModels(W, H);
    models.people = [{ hipXNorm: 0.5, hipYNorm: 0.6, radiusPx: 40 }];
    const without = await new PoseTracker(models, { segmentation: false }).process(frameAt(0));
    const withMask = await new PoseTracker(models).process(frameAt(0));
    expect(models.segmentationWanted).toEqual([false, 'deferred']);
    expect(without.mask).toBeNull();
    expect(without.landmarks).toHaveLength(33);
    expect(withMask.mask).not.toBeNull();
  });

  it('runs the mask head only when the body moved by a mask pixel or the mask is a quarter second old', async () => {
    const models = new FakePoseModels(W, H);
    models.canDeferMask = true;
    models.people = [{ hipXNorm: 0.5, hipYNorm: 0.6, radiusPx: 40 }];
    const tracker = new PoseTracker(models, { smoothLandmarks: false });
    // Standing still for 10 frames at 30 fps (300 ms): the head on the first, again once the mask is 250 ms old.
    const masks: Uint8Array[] = [];
    for (let f = 0; f < 10; f++) masks.push((await tracker.process(frameAt(f * 33))).mask!.data.slice());
    expect(models.headRuns).toBe(2);
    expect(tracker.maskReuses).toBe(8);
    // The reused mask is the computed one (the same person, unmoved).
    for (const m of masks) expect(m).toEqual(masks[0]);
    // Moving by several pixels a frame (a mask pixel here is the ROI's side / 256, under one frame pixel): every frame.
    for (let f = 10; f < 15; f++) {
      models.people[0]!.hipXNorm += 4 / W;
      await tracker.process(frameAt(f * 33));
    }
    expect(models.headRuns).toBe(7);
    expect(tracker.maskReuses).toBe(8);
    // Off, the head runs on every frame even for a still body.
    const always = new PoseTracker(models, { smoothLandmarks: false, reuseStillMask: false });
    for (let f = 0; f < 4; f++) await always.process(frameAt(f * 33));
    expect(always.maskReuses).toBe(0);
  });

  it('with the head in a worker: the mask comes one frame late; a lost one leaves the last mask and the pose flows; a worker not up runs the head here', async () => {
    const models = new FakePoseModels(W, H);
    models.canDeferMask = true;
    models.people = [{ hipXNorm: 0.3, hipYNorm: 0.6, radiusPx: 40 }];
    // A worker that answers job n with a mask of bytes n, but loses job 2 (it died) and is down for frame 5.
    const jobs: Array<{ blend: boolean }> = [];
    let frame = 0;
    const offThread = withHeadWorker(
      models,
      () => (frame === 5 ? undefined : (p) => (jobs.push({ blend: p.blend }), true)),
      async () => {
        const n = jobs.length - 1;
        return n === 2 ? null : { widthPx: 128, heightPx: 128, data: new Uint8Array(128 * 128).fill(n), frameFromMask: [0.5, 0, n / 100, 0, 0.5, 0], headMs: 1, blendMs: 0 };
      },
    );
    const tracker = new PoseTracker(offThread, { smoothLandmarks: false, maskResolution: 'roi' });
    const first: number[] = [];
    for (; frame < 7; frame++) {
      models.people[0]!.hipXNorm += 4 / W;
      const pose = await tracker.process(frameAt(frame * 33));
      expect(pose.landmarks, `frame ${frame}: the pose flows`).toHaveLength(33);
      first.push(pose.mask ? pose.mask.data[0]! : -1);
    }
    // Frame 0: the first mask since a reset, made here on time (the fake's logit 10: 255) and handed over too; then job
    // n's mask with frame n + 1; job 2 lost: frame 3 shows job 1's again; frame 5 ran the head here, on time; frame 6
    // hands over again and shows frame 5's.
    expect(first).toEqual([255, 0, 1, 1, 3, 255, 255]);
    expect(models.headRuns).toBe(2);
    expect(jobs.map((j) => j.blend)).toEqual([false, true, true, true, true, true]);
    // After a reset the worker's next mask starts afresh, and no mask of the person before is shown: the first is made here.
    tracker.reset();
    expect((await tracker.process(frameAt(frame++ * 33))).mask!.data[0]).toBe(255);
    expect(models.headRuns).toBe(3);
    expect(jobs.at(-1)!.blend).toBe(false);
  });

  it('a slow mask head worker does not hold the pose: the last mask is shown (counted late), carried with the body', async () => {
    const models = new FakePoseModels(W, H);
    models.canDeferMask = true;
    const person = { hipXNorm: 0.3, hipYNorm: 0.6, radiusPx: 40 };
    models.people = [person];
    // A worker whose head takes three frames: job n's mask is ready from frame n + 3. It marks, over the job's ROI,
    // where the hip was on the job's frame (the mask is in ROI space, placed as the real worker places it).
    const HEAD_FRAMES = 3;
    const jobs: Array<{ frame: number; rect: NormRect; hipXNorm: number; hipYNorm: number }> = [];
    let frame = 0;
    const waits: Array<number | undefined> = [];
    const slow = withHeadWorker(
      models,
      () => (p) => (jobs.push({ frame, rect: p.rect, hipXNorm: person.hipXNorm, hipYNorm: person.hipYNorm }), true),
      (maxWaitMs) => {
        waits.push(maxWaitMs);
        const job = jobs.at(-1)!;
        // Waiting for it would wait for frames that cannot come while this one is in flight: the pose would stop.
        if (frame < job.frame + HEAD_FRAMES) return maxWaitMs !== undefined && maxWaitMs < 10 ? Promise.resolve('busy' as const) : new Promise<never>(() => {});
        const frameFromMask = roiPlacement(job.rect, W, H);
        const [a, b, c, d, e, f] = invertAffine(frameFromMask);
        const data = new Uint8Array(128 * 128);
        const u = Math.round((a * job.hipXNorm + b * job.hipYNorm + c) * 128 - 0.5);
        const v = Math.round((d * job.hipXNorm + e * job.hipYNorm + f) * 128 - 0.5);
        for (let y = v - 2; y <= v + 2; y++) data.fill(255, y * 128 + u - 2, y * 128 + u + 3);
        return Promise.resolve({ widthPx: 128, heightPx: 128, data, frameFromMask, headMs: 100, blendMs: 0 });
      },
    );
    const tracker = new PoseTracker(slow, { smoothLandmarks: false, maskResolution: 'roi' });
    const shown: number[] = [];
    const hipMissPx: number[] = [];
    for (; frame < 10; frame++) {
      person.hipXNorm += 6 / W;
      const pose = await tracker.process(frameAt(frame * 33));
      expect(pose.landmarks, `frame ${frame}: the pose flows`).toHaveLength(33);
      shown.push(pose.mask ? 1 : 0);
      // Frames 0–2 show frame 0's mask, made here (the fake's uniform one): the worker's marked masks from frame 3.
      if (frame < HEAD_FRAMES || !pose.mask) continue;
      // Where the shown mask puts the hip's mark, in frame pixels, against where the hip is on this frame.
      const sampler = new PersonMaskSampler(pose.mask);
      let sx = 0;
      let sy = 0;
      let sum = 0;
      for (let y = 0; y < H; y++)
        for (let x = 0; x < W; x++) {
          const m = sampler.at((x + 0.5) / W, (y + 0.5) / H);
          sx += m * (x + 0.5);
          sy += m * (y + 0.5);
          sum += m;
        }
      hipMissPx.push(Math.hypot(sx / sum - person.hipXNorm * W, sy / sum - person.hipYNorm * H));
    }
    // Jobs handed over on frames 0, 3, 6, 9 only: a busy worker gets no queue. Frames in between collected with the
    // small bound, never waited on, and showed the mask before (frame 0's, made on time on the pose thread).
    expect(jobs.map((j) => j.frame)).toEqual([0, 3, 6, 9]);
    expect(waits.every((w) => w !== undefined && w <= OFF_THREAD_MASK_WAIT_MS)).toBe(true);
    expect(tracker.masksLate).toBe(6);
    expect(models.headRuns, 'the head ran on the pose thread for the first mask only').toBe(1);
    expect(shown).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    // The body moved 6 px a frame: a mask left where its job's frame had the hip would miss by 18–30 px here.
    expect(Math.max(...hipMissPx), `hip mark vs hip, px: ${hipMissPx.map((x) => x.toFixed(1)).join(' ')}`).toBeLessThan(1.5);
  });

  it('switches the mask off and on between frames', async () => {
    const models = new FakePoseModels(W, H);
    models.people = [{ hipXNorm: 0.5, hipYNorm: 0.6, radiusPx: 40 }];
    const tracker = new PoseTracker(models);
    expect((await tracker.process(frameAt(0))).mask).not.toBeNull();
    tracker.setSegmentation(false);
    expect((await tracker.process(frameAt(33))).mask).toBeNull();
    tracker.setSegmentation(true);
    expect((await tracker.process(frameAt(66))).mask).not.toBeNull();
    expect(models.segmentationWanted).toEqual(['deferred', false, 'deferred']);
  });

  it('refuses to process two frames at once', async () => {
    const models = new FakePoseModels(W, H);
    const tracker = new PoseTracker(models);
    const first = tracker.process(frameAt(0));
    await expect(tracker.process(frameAt(1))).rejects.toThrow(/in flight/);
    await first;
  });
});

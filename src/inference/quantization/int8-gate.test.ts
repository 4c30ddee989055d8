/**
 * The int8 accuracy gate on the real models (issue 18 point 4): the tracker with the mixed-precision
 * pose_landmark_lite_int8 against fp32 on the shared COCO photos. What this test holds is what keeps a shopper safe:
 * the gate recorded in the manifest at build is the one measured now, and `--precision auto` picks int8 only where
 * that gate passed and int8 was measurably faster at build (numbers in models/README.md).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_HOW, MODELS_HOW, requirePrerequisites } from '../../../tests/support/prerequisites';
import { createOrtPoseModels, MIN_INT8_SPEEDUP } from '../pose-models-ort';
import { gatePhotos, runAccuracyGate } from './gate';

const MODELS = path.resolve(import.meta.dirname, '../../../models');
const MEDIA = path.resolve(process.env.ATELIER_SHARED_MEDIA ?? path.resolve(import.meta.dirname, '../../../../shared/media'));
const INT8_HOW = 'the int8 lite model: `npm ci` builds it when ../shared/media is present, or `node bin/atelier.mjs models int8 --model lite`';

describe('int8 landmark model gate (needs models/ with the int8 models and ../shared/media)', () => {
  beforeAll(() =>
    requirePrerequisites([
      { path: path.join(MODELS, 'manifest.json'), how: MODELS_HOW },
      { path: path.join(MODELS, 'pose_landmark_lite_int8_mixed.onnx'), how: INT8_HOW },
      { path: path.join(MEDIA, 'COCO_val2014_000000000241.jpg'), how: MEDIA_HOW },
    ]),
  );

  it('measures int8 vs fp32 as recorded at build, and auto follows the recorded gate', async () => {
    const photos = gatePhotos(MEDIA);
    expect(photos.length).toBeGreaterThanOrEqual(20);
    const gate = await runAccuracyGate(MODELS, 'lite', 'int8', photos);
    process.stdout.write(
      `lite int8 vs fp32 on ${gate.photos} photos: median ${(gate.medianError * 100).toFixed(2)}%, worst ${(gate.maxError * 100).toFixed(2)}% ` +
        `of the body diagonal, ${gate.decisionsDiffer} detect decisions differ → ${gate.passed ? 'passed' : 'failed'}\n`,
    );
    const manifest = JSON.parse(readFileSync(path.join(MODELS, 'manifest.json'), 'utf8')) as {
      models: Array<{ id: string; gate?: typeof gate; cpuSpeedup?: number; keptFloat?: string[] }>;
    };
    const entry = manifest.models.find((m) => m.id === 'pose_landmark_lite_int8');
    const recorded = entry?.gate;
    expect(recorded).toBeDefined();
    expect(recorded!.passed).toBe(gate.passed);
    expect(recorded!.medianError).toBeCloseTo(gate.medianError, 4);
    expect(recorded!.maxError).toBeCloseTo(gate.maxError, 4);
    expect(recorded!.decisionsDiffer).toBe(gate.decisionsDiffer);
    // Every photo with a person in fp32 was compared (none silently dropped).
    expect(gate.perPhoto.filter((p) => p.error !== null || p.decisionDiffers).length).toBeGreaterThanOrEqual(12);
    const auto = await createOrtPoseModels({ modelsDir: MODELS, model: 'lite', ep: 'cpu', precision: 'auto' });
    expect(entry!.keptFloat).toBeDefined(); // built by the mixed-precision quantizer
    expect(auto.precision).toBe(gate.passed && (entry!.cpuSpeedup ?? 0) >= MIN_INT8_SPEEDUP ? 'int8' : 'fp32');
    await auto.dispose();
  }, 300_000);
});


import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODELS_HOW, requirePrerequisites } from '../../tests/support/prerequisites';
import { createNativeProcessor } from './native-processor';

const MODELS = path.resolve(import.meta.dirname, '../../models');

describe('native processor (real models)', () => {
  beforeAll(() => requirePrerequisites([{ path: path.join(MODELS, 'manifest.json'), how: MODELS_HOW }]));
  it('answers each camera frame with that frame’s id, not a running count of its own', async () => {
    const p = await createNativeProcessor({ modelsDir: MODELS, modelSize: 'lite', ep: 'cpu', mask: 'off', absentAfterFrames: 1 });
    const frame = (frameId: number) => ({ frameId, timestampMs: frameId * 33, widthPx: 64, heightPx: 48, data: new Uint8Array(64 * 48 * 4) });
    expect((await p.process(frame(41))).frameId).toBe(41);
    expect((await p.process(frame(7))).frameId).toBe(7);
    await p.dispose();
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cropRectToTensor, projectFromRect } from './crop';
import { decodeVideo } from '../bench/frames';
import { gradientFrame } from '../../../tests/fixtures/test-frames';
import { MEDIA_HOW, requirePrerequisites } from '../../../tests/support/prerequisites';
import type { NormRect, RgbaFrame } from './types';

const MEDIA = path.resolve(import.meta.dirname, '../../../../shared/media');

/**
 * Textbook bilinear sample of channel `c` at output pixel (i, j) of a `side`² crop of `rect` (doubles, each tap
 * clamped to the frame: the replicate border), in levels 0–255.
 */
function textbookLevel(frame: RgbaFrame, rect: NormRect, side: number, i: number, j: number, c: number): number {
  const w = frame.widthPx;
  const h = frame.heightPx;
  const at = (x: number, y: number) => frame.data[(Math.min(Math.max(y, 0), h - 1) * w + Math.min(Math.max(x, 0), w - 1)) * 4 + c]!;
  const u = ((i + 0.5) / side - 0.5) * rect.widthNorm * w;
  const v = ((j + 0.5) / side - 0.5) * rect.heightNorm * h;
  const sx = rect.xCenterNorm * w + Math.cos(rect.rotationRad) * u - Math.sin(rect.rotationRad) * v - 0.5;
  const sy = rect.yCenterNorm * h + Math.sin(rect.rotationRad) * u + Math.cos(rect.rotationRad) * v - 0.5;
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  const fx = sx - x0;
  const fy = sy - y0;
  return at(x0, y0) * (1 - fx) * (1 - fy) + at(x0 + 1, y0) * fx * (1 - fy) + at(x0, y0 + 1) * (1 - fx) * fy + at(x0 + 1, y0 + 1) * fx * fy;
}

describe('cropRectToTensor', () => {
  const frame = gradientFrame(200, 100);

  it('samples an axis-aligned rect at the pixel centres it covers (values in [0,1])', () => {
    // Rect covering columns 50..99 and rows 20..69: 50×50 px into a 50×50 tensor is a plain copy.
    const rect: NormRect = { xCenterNorm: 75 / 200, yCenterNorm: 45 / 100, widthNorm: 50 / 200, heightNorm: 50 / 100, rotationRad: 0 };
    const out = new Float32Array(50 * 50 * 3);
    cropRectToTensor(frame, rect, out, { widthPx: 50, heightPx: 50 });
    expect(out[0]! * 255).toBeCloseTo(50, 3);
    expect(out[1]! * 255).toBeCloseTo(20, 3);
    expect(out[2]! * 255).toBeCloseTo(128, 3);
    const last = (49 * 50 + 49) * 3;
    expect(out[last]! * 255).toBeCloseTo(99, 3);
    expect(out[last + 1]! * 255).toBeCloseTo(69, 3);
  });

  it('rotates about the rect centre: +90° puts the rect x axis along the frame y axis', () => {
    const rect: NormRect = { xCenterNorm: 0.5, yCenterNorm: 0.5, widthNorm: 40 / 200, heightNorm: 40 / 100, rotationRad: Math.PI / 2 };
    const out = new Float32Array(40 * 40 * 3);
    cropRectToTensor(frame, rect, out, { widthPx: 40, heightPx: 40 });
    // Moving right in the crop moves down in the frame: red (column) constant along a crop row, green increases.
    const row = 10;
    const a = (row * 40 + 0) * 3;
    const b = (row * 40 + 39) * 3;
    expect(out[a]! * 255).toBeCloseTo(out[b]! * 255, 3);
    expect((out[b + 1]! - out[a + 1]!) * 255).toBeCloseTo(39, 3);
    // and moving down the crop moves left in the frame.
    const c = (39 * 40 + 0) * 3;
    expect((out[a]! - out[c]!) * 255).toBeCloseTo(29, 3);
  });

  it('agrees with projectFromRect: every sample lands where the landmark projection says', () => {
    const rect: NormRect = { xCenterNorm: 0.45, yCenterNorm: 0.55, widthNorm: 0.3, heightNorm: 0.6, rotationRad: 0.4 };
    const size = 16;
    const out = new Float32Array(size * size * 3);
    cropRectToTensor(frame, rect, out, { widthPx: size, heightPx: size });
    const p = [0, 0];
    for (const [i, j] of [[0, 0], [7, 3], [15, 15], [2, 12]] as const) {
      projectFromRect((i + 0.5) / size, (j + 0.5) / size, rect, p);
      const xPx = p[0]! * 200 - 0.5;
      const yPx = p[1]! * 100 - 0.5;
      const o = (j * size + i) * 3;
      expect(out[o]! * 255).toBeCloseTo(xPx, 2);
      expect(out[o + 1]! * 255).toBeCloseTo(yPx, 2);
    }
  });

  it('writes NCHW planes with the same values as NHWC', () => {
    const rect: NormRect = { xCenterNorm: 0.4, yCenterNorm: 0.6, widthNorm: 0.2, heightNorm: 0.4, rotationRad: -0.3 };
    const nhwc = new Float32Array(32 * 32 * 3);
    const nchw = new Float32Array(32 * 32 * 3);
    cropRectToTensor(frame, rect, nhwc, { widthPx: 32, heightPx: 32, layout: 'nhwc', rangeMin: -1, rangeMax: 1 });
    cropRectToTensor(frame, rect, nchw, { widthPx: 32, heightPx: 32, layout: 'nchw', rangeMin: -1, rangeMax: 1 });
    for (let p = 0; p < 32 * 32; p++) {
      for (let c = 0; c < 3; c++) expect(nchw[c * 1024 + p]).toBe(nhwc[p * 3 + c]);
    }
  });

  it('gives textbook bilinear values (replicated edge) on noisy pixels, rows inside the frame and rows across its edge alike', () => {
    // Random bytes, so a wrong weight or tap shows (a gradient is bilinear's fixed point); the rect hangs over the
    // frame's right edge, so rows wholly inside take the inside loop only and the others the border's loop too.
    const w = 120;
    const h = 90;
    let seed = 7;
    const data = new Uint8Array(w * h * 4).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24) & 255);
    const noisy = { data, widthPx: w, heightPx: h, timestampMs: 0 };
    const rect: NormRect = { xCenterNorm: 0.8, yCenterNorm: 0.5, widthNorm: 0.5, heightNorm: 0.6, rotationRad: 0.35 };
    const side = 48;
    for (const layout of ['nhwc', 'nchw'] as const) {
      const out = new Float32Array(side * side * 3);
      cropRectToTensor(noisy, rect, out, { widthPx: side, heightPx: side, layout });
      let rowsInside = 0;
      let worstLevels = 0;
      let sumLevels = 0;
      for (let j = 0; j < side; j++) {
        let inside = 0;
        for (let i = 0; i < side; i++) {
          const u = ((i + 0.5) / side - 0.5) * rect.widthNorm * w;
          const v = ((j + 0.5) / side - 0.5) * rect.heightNorm * h;
          const x0 = Math.floor(rect.xCenterNorm * w + Math.cos(rect.rotationRad) * u - Math.sin(rect.rotationRad) * v - 0.5);
          const y0 = Math.floor(rect.yCenterNorm * h + Math.sin(rect.rotationRad) * u + Math.cos(rect.rotationRad) * v - 0.5);
          if (x0 >= 0 && y0 >= 0 && x0 < w - 1 && y0 < h - 1) inside++;
          for (let c = 0; c < 3; c++) {
            const got = layout === 'nchw' ? out[c * side * side + j * side + i]! : out[(j * side + i) * 3 + c]!;
            const diff = Math.abs(got * 255 - textbookLevel(noisy, rect, side, i, j, c));
            worstLevels = Math.max(worstLevels, diff);
            sumLevels += diff;
          }
        }
        if (inside === side) rowsInside++;
      }
      expect(rowsInside, 'rows wholly inside').toBeGreaterThan(side / 4);
      expect(rowsInside, 'rows wholly inside').toBeLessThan((side * 3) / 4);
      expect(worstLevels, layout).toBeLessThan(1e-3);
      expect(sumLevels / (side * side * 3), layout).toBeLessThan(1e-4);
    }
  });

  it('copies the frame exactly when the crop is the frame at its own size (every row ends on the edge pixels)', () => {
    // Taps at the pixel centres: the first and last column and row lie on the frame's edge, where the inside span
    // ends and the border's loop takes over; a tap one past the frame would read another row or nothing (NaN).
    const w = 37;
    const h = 23;
    let seed = 11;
    const data = new Uint8Array(w * h * 4).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24) & 255);
    const rect: NormRect = { xCenterNorm: 0.5, yCenterNorm: 0.5, widthNorm: 1, heightNorm: 1, rotationRad: 0 };
    const out = new Float32Array(w * h * 3);
    cropRectToTensor({ data, widthPx: w, heightPx: h, timestampMs: 0 }, rect, out, { widthPx: w, heightPx: h, layout: 'nchw' });
    let worst = 0;
    for (let p = 0; p < w * h; p++) {
      for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(out[c * w * h + p]! * 255 - data[p * 4 + c]!));
    }
    expect(worst).toBeLessThan(1e-3);
  });

  it('gives textbook bilinear values on real camera frames, the mirror\'s ROI hanging over both sides', async () => {
    requirePrerequisites([{ path: MEDIA, how: MEDIA_HOW }]);
    // ROIs the tracker (lite) cut these clips with: the portrait mirror's is about three frame widths wide.
    const cases: Array<{ clip: string; rect: NormRect }> = [
      { clip: 'mirror_run.mp4', rect: { xCenterNorm: 0.4844, yCenterNorm: 0.5471, widthNorm: 2.9422, heightNorm: 1.2627, rotationRad: 0.0613 } },
      { clip: 'video.avi', rect: { xCenterNorm: 0.5368, yCenterNorm: 0.4896, widthNorm: 0.4897, heightNorm: 0.8706, rotationRad: 0.157 } },
    ];
    const side = 256;
    for (const { clip, rect } of cases) {
      const decoded = await decodeVideo(path.join(MEDIA, clip), 31);
      const frame = { data: decoded.frames[30]!, widthPx: decoded.widthPx, heightPx: decoded.heightPx, timestampMs: 0 };
      const out = new Float32Array(side * side * 3);
      cropRectToTensor(frame, rect, out, { layout: 'nchw' });
      let worst = 0;
      let sum = 0;
      for (let j = 0; j < side; j++) {
        for (let i = 0; i < side; i++) {
          for (let c = 0; c < 3; c++) {
            const diff = Math.abs(out[c * side * side + j * side + i]! * 255 - textbookLevel(frame, rect, side, i, j, c));
            worst = Math.max(worst, diff);
            sum += diff;
          }
        }
      }
      expect(worst, clip).toBeLessThan(1e-3);
      expect(sum / (side * side * 3), clip).toBeLessThan(1e-4);
    }
  });

  it('pads with black for zero border and with the edge pixel for replicate', () => {
    // A rect centred on the left edge: its left half is outside the frame.
    const rect: NormRect = { xCenterNorm: 0, yCenterNorm: 0.5, widthNorm: 0.2, heightNorm: 0.4, rotationRad: 0 };
    const zero = new Float32Array(8 * 8 * 3);
    const rep = new Float32Array(8 * 8 * 3);
    cropRectToTensor(frame, rect, zero, { widthPx: 8, heightPx: 8, border: 'zero' });
    cropRectToTensor(frame, rect, rep, { widthPx: 8, heightPx: 8, border: 'replicate' });
    expect(zero[2]).toBe(0); // blue of a pixel far outside
    expect(rep[2]! * 255).toBeCloseTo(128, 3); // edge pixel replicated
    expect(rep[0]).toBe(0); // column 0 replicated → red 0
  });

  it('rejects a too small output buffer', () => {
    const rect: NormRect = { xCenterNorm: 0.5, yCenterNorm: 0.5, widthNorm: 1, heightNorm: 1, rotationRad: 0 };
    expect(() => cropRectToTensor(frame, rect, new Float32Array(10))).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../src/core/demo/catalog';
import { standingBody } from '../../src/core/demo/drape/body';
import { settle, type Cloth } from '../../src/core/demo/drape/cloth';
import { productDrape } from '../../src/core/demo/drape/product-drape';
import { SAMPLE_SIZE } from '../../src/core/demo/pattern/pattern-product';
import { sizeRun } from '../../src/core/demo/pattern/size-run';

describe('a pleated skirt draped in its pressed pleats', () => {
  it('an edge with a stop grows under load to its stop and no further (a fold let out to its depth)', () => {
    // A weight hanging from a pinned point on a very soft edge (rest 0.1 m, stop 0.15 m), and one without a stop.
    const hang = (stopM?: Float64Array): number => {
      const cloth: Cloth = {
        pos: Float64Array.from([0, 0, 0, 0, -0.1, 0]),
        prev: Float64Array.from([0, 0, 0, 0, -0.1, 0]),
        invMass: Float64Array.from([0, 10]),
        edges: { a: Int32Array.from([0]), b: Int32Array.from([1]), restM: Float64Array.from([0.1]), compliance: Float64Array.from([1]), ...(stopM ? { stopM } : {}) },
        bends: { i: new Int32Array(0), j: new Int32Array(0), k: new Int32Array(0), compliance: new Float64Array(0) },
      };
      settle(cloth, { durationS: 3, substepsPerS: 600, dampingPerS: 5, colliders: [] });
      return -cloth.pos[4]!;
    };
    // Unstopped: 0.1 m + m·g·compliance = 0.1 + 0.981 m.
    expect(hang()).toBeGreaterThan(0.5);
    expect(hang(Float64Array.from([0.15]))).toBeCloseTo(0.15, 3);
  });

  const pleated = PRODUCTS.find((p) => p.id === 'skirt-pleated')!;
  const d = productDrape(pleated)!.skirt;
  const pleats = d.pleats!;
  const hM = d.uvM[2 * d.cols + 1]!;
  const stitchRow = Math.ceil(pleats.stitchedToM / hM);

  it('hangs as its faces, 3 columns a pleat, every vertex outside the body', () => {
    expect(d.cols).toBe(3 * pleats.count);
    const body = standingBody(sizeRun('skirt')[SAMPLE_SIZE]);
    let inside = 0;
    for (let v = 0; v < d.rows * d.cols; v++) if (body.inside(d.pos[3 * v]!, d.pos[3 * v + 1]!, d.pos[3 * v + 2]!, 0.001)) inside++;
    expect(inside).toBe(0);
  });

  it('keeps its pressed folds: below the stitching each fold runs straight to the hem (within 2 mm)', () => {
    let worst = 0;
    for (let c = 0; c < d.cols; c += 3) {
      const a = 3 * (stitchRow * d.cols + c);
      const b = 3 * ((d.rows - 1) * d.cols + c);
      for (let r = stitchRow + 1; r < d.rows - 1; r++) {
        const p = 3 * (r * d.cols + c);
        const t = (r - stitchRow) / (d.rows - 1 - stitchRow);
        worst = Math.max(worst, Math.hypot(...[0, 1, 2].map((k) => d.pos[p + k]! - (d.pos[a + k]! + t * (d.pos[b + k]! - d.pos[a + k]!)))));
      }
    }
    expect(worst).toBeLessThan(0.002);
  });

  it('its folds open no further than the under-fold’s depth and do not close up past pressed', () => {
    for (let r = stitchRow; r < d.rows; r++) {
      for (let c = 0; c < d.cols; c += 3) {
        const a = 3 * (r * d.cols + c);
        const b = 3 * (r * d.cols + c + 1);
        const len = Math.hypot(d.pos[b]! - d.pos[a]!, d.pos[b + 1]! - d.pos[a + 1]!, d.pos[b + 2]! - d.pos[a + 2]!);
        const hoop = Math.abs(d.uvM[2 * (r * d.cols + 1)]! - d.uvM[2 * (r * d.cols)]!);
        expect(len).toBeLessThanOrEqual(hoop + pleats.depthM + 1e-6);
        expect(len).toBeGreaterThan(hoop * 0.9);
      }
    }
  });
});

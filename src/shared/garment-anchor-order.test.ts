import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requirePrerequisites } from '../../tests/support/prerequisites';
import { anchorOrderProblems, describeAnchorProblems } from './garment-anchor-order';

const GARMENTS = path.resolve('assets/generated/garments');

/** The demo T-shirt's anchors (tee-breton-nvw, 502×433 px), normalised: a garment in a body's order. */
const TEE: Record<string, [number, number]> = {
  neck: [0.5, 0.088],
  left_shoulder: [0.715, 0.145],
  right_shoulder: [0.285, 0.145],
  left_cuff: [0.874, 0.3],
  right_cuff: [0.126, 0.3],
  left_waist: [0.657, 0.65],
  right_waist: [0.343, 0.65],
  left_hem: [0.622, 0.949],
  right_hem: [0.378, 0.949],
};
const TROUSERS: Record<string, [number, number]> = {
  left_waist: [0.74, 0.04],
  right_waist: [0.26, 0.04],
  left_hip: [0.72, 0.12],
  right_hip: [0.29, 0.12],
  left_knee: [0.75, 0.54],
  right_knee: [0.26, 0.54],
  left_ankle: [0.75, 0.94],
  right_ankle: [0.26, 0.94],
};

describe('anchorOrderProblems', () => {
  it('accepts a T-shirt and trousers laid out as a body', () => {
    expect(anchorOrderProblems(TEE)).toEqual([]);
    expect(anchorOrderProblems(TROUSERS)).toEqual([]);
  });

  it('refuses a neck dragged below the hem (the garment would be drawn upside down)', () => {
    const problems = anchorOrderProblems({ ...TEE, neck: [0.5, 0.98] });
    expect(problems.map((p) => [p.kind, ...p.anchors])).toEqual([
      ['above', 'neck', 'leftShoulder'],
      ['above', 'neck', 'rightShoulder'],
    ]);
    expect(describeAnchorProblems(problems)).toBe('the neck must be above the left shoulder; the neck must be above the right shoulder');
  });

  it('refuses a hem above the waist on one side, naming that side', () => {
    const problems = anchorOrderProblems({ ...TEE, right_hem: [0.378, 0.5] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'above', anchors: ['rightWaist', 'rightHem'], message: 'the right waist must be above the right hem' });
  });

  it('refuses left and right swapped, and a neck outside the shoulders', () => {
    const swapped = anchorOrderProblems({ ...TEE, left_shoulder: TEE.right_shoulder!, right_shoulder: TEE.left_shoulder! });
    expect(swapped.map((p) => p.kind)).toContain('crossed');
    expect(swapped.find((p) => p.kind === 'crossed')!.anchors).toEqual(['leftShoulder', 'rightShoulder']);
    const knees = anchorOrderProblems({ ...TROUSERS, left_knee: [0.2, 0.54] });
    expect(knees.map((p) => [p.kind, ...p.anchors])).toEqual([['crossed', 'leftKnee', 'rightKnee']]);
    const neck = anchorOrderProblems({ ...TEE, neck: [0.9, 0.088] });
    expect(neck.map((p) => p.kind)).toEqual(['neckBetween']);
  });

  it('refuses a sleeve end inside the body of the garment, and accepts one hanging just outside it', () => {
    const inside = anchorOrderProblems({ ...TEE, left_cuff: [0.6, 0.4] });
    expect(inside.map((p) => [p.kind, ...p.anchors])).toEqual([['sleeveInside', 'leftCuff']]);
    // Hanging down beside the body, at waist height: outside the shoulder → waist edge there.
    expect(anchorOrderProblems({ ...TEE, left_cuff: [0.7, 0.6], right_cuff: [0.3, 0.6] })).toEqual([]);
  });

  it('reads camelCase names too and ignores names it does not know', () => {
    expect(anchorOrderProblems({ neck: [0.5, 0.9], leftShoulder: [0.7, 0.2], rightShoulder: [0.3, 0.2], collar: [0, 0] }).map((p) => p.kind)).toEqual(['above', 'above']);
  });

  it('finds every demo garment in a body’s order', () => {
    requirePrerequisites([{ path: GARMENTS, how: 'the demo collection: `npm ci` builds it, or `node bin/atelier.mjs demo build`' }]);
    const demos = fs.readdirSync(GARMENTS).filter((f) => f.endsWith('.json'));
    expect(demos.length).toBeGreaterThan(20);
    for (const f of demos) {
      const g = JSON.parse(fs.readFileSync(path.join(GARMENTS, f), 'utf8')) as { image: { widthPx: number; heightPx: number }; anchorsPx: Record<string, [number, number]> };
      const norm = Object.fromEntries(Object.entries(g.anchorsPx).map(([n, [x, y]]) => [n, [x / g.image.widthPx, y / g.image.heightPx] as [number, number]]));
      expect({ f, problems: describeAnchorProblems(anchorOrderProblems(norm)) }).toEqual({ f, problems: '' });
    }
  });
});

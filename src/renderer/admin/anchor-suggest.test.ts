import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { requirePrerequisites } from '../../../tests/support/prerequisites';
import { garmentFromAnchors } from '../../shared/garment-from-anchors';
import { anchorOrderProblems } from '../../shared/garment-anchor-order';
import { kindForCategory, suggestAnchors } from './anchor-suggest';

const GARMENTS = path.resolve('assets/generated/garments');

async function load(file: string) {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { rgba: new Uint8Array(data), w: info.width, h: info.height };
}

describe('suggestAnchors', () => {
  it('finds a T-shaped top: neck on the axis, shoulders at the torso corners, cuffs at the sleeve ends', () => {
    const w = 100;
    const h = 80;
    const rgba = new Uint8Array(w * h * 4);
    const fill = (x0: number, y0: number, x1: number, y1: number) => {
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) rgba[(y * w + x) * 4 + 3] = 255;
    };
    fill(30, 10, 70, 78); // torso
    fill(10, 12, 30, 30); // wearer's right sleeve (image left)
    fill(70, 12, 90, 30);
    const a = suggestAnchors(rgba, w, h, 'top');
    expect(a.neck![0]).toBeCloseTo(0.495, 2);
    expect(a.neck![1]).toBeCloseTo(0.125, 2);
    expect(a.left_shoulder![0]).toBeGreaterThan(0.6);
    expect(a.right_shoulder![0]).toBeLessThan(0.4);
    expect(a.left_cuff![0]).toBeCloseTo(0.87, 1);
    expect(a.left_cuff![1]).toBeGreaterThan(0.15);
    expect(a.left_cuff![1]).toBeLessThan(0.38);
    expect(a.left_hem![1]).toBeGreaterThan(0.9);
    expect(suggestAnchors(new Uint8Array(w * h * 4), w, h, 'top')).toEqual({});
  });

  it('lands near the hand-laid anchors of the demo garments and always yields a wearable garment in a body’s order', async () => {
    requirePrerequisites([{ path: GARMENTS, how: 'the demo collection: `npm ci` builds it, or `node bin/atelier.mjs demo build`' }]);
    const demos = fs.readdirSync(GARMENTS).filter((f) => f.endsWith('.json'));
    expect(demos.length).toBeGreaterThan(0);
    let worst = 0;
    for (const f of demos.slice(0, 12)) {
      const g = JSON.parse(fs.readFileSync(path.join(GARMENTS, f), 'utf8')) as { category: string; image: { file: string; widthPx: number; heightPx: number }; anchorsPx: Record<string, [number, number]> };
      const { rgba, w, h } = await load(path.join(GARMENTS, g.image.file));
      const kind = kindForCategory(g.category === 'tshirt' ? 'tops' : g.category);
      const a = suggestAnchors(rgba, w, h, kind);
      expect(() => garmentFromAnchors({ id: f, imageFile: g.image.file, widthPx: w, heightPx: h, anchors: a, category: g.category })).not.toThrow();
      // A suggestion the editor could not save would leave staff fixing what the machine got wrong.
      expect({ f, problems: anchorOrderProblems(a) }).toEqual({ f, problems: [] });
      for (const [name, [x, y]] of Object.entries(a)) {
        const ref = g.anchorsPx[name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())];
        if (!ref) continue;
        // A draped skirt's hem anchors are its pattern's hem corners (the rig warps by the pattern), and the drape hangs the
        // cloth inside them: a point in the air beside the cloth is not one staff would lay on a photograph, so the
        // suggestion (on the cloth's edge) is not compared with it.
        if (name.endsWith('hem') && clearOfCloth(rgba, w, h, ref[0], ref[1], 4)) {
          if (process.env.DEBUG_ANCHORS) console.log(f, name, 'off the cloth: not compared');
          continue;
        }
        const err = Math.hypot(x * w - ref[0], y * h - ref[1]) / Math.max(w, h);
        if (process.env.DEBUG_ANCHORS && err > 0.08) console.log(f, name, err.toFixed(3));
        worst = Math.max(worst, err);
      }
    }
    // Within 12 % of the image's long side of the hand-laid points: close enough to drag, never on the wrong side.
    expect(worst).toBeLessThan(0.12);
  });
});

/** Whether no pixel within `rPx` of (x, y) carries any cloth (alpha 0 all round). */
function clearOfCloth(rgba: Uint8Array | Uint8ClampedArray, w: number, h: number, x: number, y: number, rPx: number): boolean {
  for (let dy = -rPx; dy <= rPx; dy++) {
    for (let dx = -rPx; dx <= rPx; dx++) {
      const px = Math.round(x + dx);
      const py = Math.round(y + dy);
      if (px < 0 || py < 0 || px >= w || py >= h) continue;
      if (rgba[(py * w + px) * 4 + 3]! > 0) return false;
    }
  }
  return true;
}

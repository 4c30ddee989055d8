/**
 * Issue 14.1, "soft anti-aliased edges, no jaggies at 1080 × 1920": how stair-stepped the occluder's edge is on the
 * mirror's screen, measured on a composite rendered at the screen's size (`atelier tryon --display 1080x1920`)
 * against the camera picture it was made from.
 *
 * Where the occluder draws, the screen shows the camera picture (bilinearly magnified, `cameraRgbAt`) blended over
 * the garment with the key's alpha: composite = α · camera + (1 − α) · garment. The garment's colour at a screen pixel
 * is read off the nearest pixels where the composite is furthest from the camera picture (pure garment, a few pixels
 * away across the edge), and α is the composite's place between the two. The edge is where α crosses 0.5, found to a
 * fraction of a pixel along each row (edges steeper than 45°) and each column (the others) and followed from row to
 * row; its roughness is how far each crossing lies off the straight line through its neighbours two rows either side,
 * RMS, screen pixels. A hard key cut at 0.5 puts every crossing on a pixel's edge: a slanted outline becomes runs and
 * one-pixel steps (a camera pixel of the mirror clip is 2.6 screen pixels). A feathered key puts it where the outline is.
 */
import { cameraRgbAt } from '../../src/renderer/scene/key-weight-at';
import { capsuleInsidePx, ellipseInsidePx, headBottomAt, inHeadRegion, keyReferences, occlusionKeyWeight, type OcclusionRegions } from '../../src/renderer/scene/occlusion-regions';
import { coverFit } from '../../src/shared/cover-fit';

/** An RGBA picture, rows top first (borrowed). */
export interface Picture {
  rgba: ArrayLike<number>;
  widthPx: number;
  heightPx: number;
}

/** Screen pixels either way searched for the garment's own colour (past the feathered band: 1 camera px ≈ 2.6). */
const GARMENT_SEARCH_PX = 4;
/** RGB distance (0..255) under which a composite pixel is the camera picture: 8-bit rounding of the redraw and blend. */
const SAME_RGB = 12;
/** Least RGB distance between the garment and the camera picture for α to be read at all. */
const MIN_CONTRAST_RGB = 30;
/** Rows (columns) either side of a crossing that its straight line is fitted through. */
const LINE_HALF = 2;
/** An α step between neighbouring screen pixels larger than this is a hard (aliased) step. */
const HARD_STEP = 0.75;
/** How far (screen px) an edge may move from one row to the next and still be the same edge. */
const MAX_STEP_PX = 1.5;

/** The camera point (camera px, continuous) under a screen pixel's centre: the mirror's cover fit, upright, unmirrored. */
export function screenToCamera(camera: Picture, screen: { widthPx: number; heightPx: number }): (xPx: number, yPx: number) => [number, number] {
  const v = coverFit(camera.widthPx, camera.heightPx, screen.widthPx, screen.heightPx);
  const sx = v.widthPx / screen.widthPx;
  const sy = v.heightPx / screen.heightPx;
  return (x, y) => [v.xPx + (x + 0.5) * sx, v.yPx + (y + 0.5) * sy];
}

/**
 * The occluder's alpha at each screen pixel as read off the composite: 1 the camera picture, 0 the garment, NaN where
 * the garment and the picture are too alike to tell (or no garment is near).
 * @param composite the render at the screen's size; `camera` the picture it was rendered from (both borrowed).
 */
export function occluderAlpha(composite: Picture, camera: Picture): Float32Array {
  const { widthPx: w, heightPx: h } = composite;
  const toCamera = screenToCamera(camera, composite);
  const cam = new Float32Array(3 * w * h);
  const off = new Float32Array(w * h);
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i++) {
      const [cx, cy] = toCamera(x, y);
      const c = cameraRgbAt(camera.rgba, camera.widthPx, camera.heightPx, cx, cy);
      cam.set(c, 3 * i);
      off[i] = Math.hypot(composite.rgba[4 * i]! - c[0], composite.rgba[4 * i + 1]! - c[1], composite.rgba[4 * i + 2]! - c[2]);
    }
  }
  const alpha = new Float32Array(w * h).fill(Number.NaN);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      // The pure garment nearby: the pixel whose composite is furthest from the camera picture.
      let g = -1;
      for (let dy = -GARMENT_SEARCH_PX; dy <= GARMENT_SEARCH_PX; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -GARMENT_SEARCH_PX; dx <= GARMENT_SEARCH_PX; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          if (g < 0 || off[yy * w + xx]! > off[g]!) g = yy * w + xx;
        }
      }
      if (off[g]! < SAME_RGB) {
        alpha[i] = 1;
        continue;
      }
      let along = 0;
      let length2 = 0;
      for (let c = 0; c < 3; c++) {
        const toGarment = composite.rgba[4 * g + c]! - cam[3 * i + c]!;
        along += (composite.rgba[4 * i + c]! - cam[3 * i + c]!) * toGarment;
        length2 += toGarment * toGarment;
      }
      if (length2 >= MIN_CONTRAST_RGB * MIN_CONTRAST_RGB) alpha[i] = Math.min(1, Math.max(0, 1 - along / length2));
    }
  }
  return alpha;
}

/**
 * The occluder's alpha at byte offset `i` of a composite `drawn` against the same render without the occluder's
 * picture (`garmentAlone`), given the camera colour there: 1 the camera picture, 0 the garment; null where the garment
 * is under 40 (RGB) from the camera colour, too alike to read.
 */
export function alphaAgainstGarment(drawn: ArrayLike<number>, garmentAlone: ArrayLike<number>, camera: ArrayLike<number>, i: number): number | null {
  let along = 0;
  let length2 = 0;
  for (let c = 0; c < 3; c++) {
    const toGarment = garmentAlone[i + c]! - camera[c]!;
    along += (drawn[i + c]! - camera[c]!) * toGarment;
    length2 += toGarment * toGarment;
  }
  return length2 < 40 * 40 ? null : 1 - along / length2;
}

export interface EdgeRoughness {
  /** Crossings of α = 0.5 measured (each with its line's neighbours found). */
  crossings: number;
  /** RMS distance of a crossing from the straight line through its neighbours, screen pixels. */
  roughnessPx: number;
  /**
   * The share of crossings where α jumps by more than {@link HARD_STEP} from one screen pixel to the next: an aliased
   * edge, all or nothing at each pixel (a feathered edge one camera pixel wide rises ≈ 0.4 a screen pixel).
   */
  hardShare: number;
}

/**
 * The roughness of the α = 0.5 edge inside `inside` (screen pixels; both sides of a crossing must be inside).
 * @param alpha per screen pixel, rows top first, `widthPx` wide (see {@link occluderAlpha}).
 */
export function edgeRoughness(alpha: Float32Array, widthPx: number, heightPx: number, inside: (xPx: number, yPx: number) => boolean, lineHalf = LINE_HALF): EdgeRoughness {
  let sum2 = 0;
  let n = 0;
  let hard = 0;
  for (const byRows of [true, false]) {
    // Crossings along each line (a row, or a column), as positions along it with the sign of the step.
    const lines = byRows ? heightPx : widthPx;
    const along = byRows ? widthPx : heightPx;
    const at = (line: number, k: number): number => alpha[byRows ? line * widthPx + k : k * widthPx + line]!;
    const isIn = (line: number, k: number): boolean => (byRows ? inside(k, line) : inside(line, k));
    const crossings: Array<Array<{ pos: number; rising: boolean; jump: number }>> = [];
    for (let line = 0; line < lines; line++) {
      const found: Array<{ pos: number; rising: boolean; jump: number }> = [];
      for (let k = 0; k + 1 < along; k++) {
        const a = at(line, k);
        const b = at(line, k + 1);
        if (Number.isNaN(a) || Number.isNaN(b) || (a < 0.5) === (b < 0.5) || !isIn(line, k) || !isIn(line, k + 1)) continue;
        found.push({ pos: k + 0.5 + (0.5 - a) / (b - a), rising: b > a, jump: Math.abs(b - a) });
      }
      crossings.push(found);
    }
    const near = (line: number, pos: number, rising: boolean): number | null => {
      if (line < 0 || line >= lines) return null;
      let best: number | null = null;
      for (const c of crossings[line]!) if (c.rising === rising && Math.abs(c.pos - pos) <= MAX_STEP_PX && (best === null || Math.abs(c.pos - pos) < Math.abs(best - pos))) best = c.pos;
      return best;
    };
    for (let line = 0; line < lines; line++) {
      for (const c of crossings[line]!) {
        // Follow the edge LINE_HALF lines either way; an edge flatter than 45° here is measured the other way.
        const pts: Array<[number, number]> = [[0, c.pos]];
        let ok = true;
        for (const dir of [-1, 1]) {
          let pos = c.pos;
          for (let d = 1; d <= lineHalf && ok; d++) {
            const next = near(line + dir * d, pos, c.rising);
            if (next === null || Math.abs(next - pos) > 1) ok = false;
            else pts.push([dir * d, (pos = next)]);
          }
        }
        if (!ok) continue;
        const off = c.pos - (lineHalf > LINE_HALF ? parabolaAtZero(pts) : lineAtZero(pts));
        sum2 += off * off;
        n++;
        if (c.jump > HARD_STEP) hard++;
      }
    }
  }
  return { crossings: n, roughnessPx: n > 0 ? Math.sqrt(sum2 / n) : 0, hardShare: n > 0 ? hard / n : 0 };
}

/** The least-squares line through (t, pos) points, at t = 0. */
function lineAtZero(pts: ReadonlyArray<readonly [number, number]>): number {
  const mt = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const mp = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  const stt = pts.reduce((s, p) => s + (p[0] - mt) ** 2, 0);
  const slope = pts.reduce((s, p) => s + (p[0] - mt) * (p[1] - mp), 0) / stt;
  return mp + slope * (0 - mt);
}

/**
 * The least-squares parabola through (t, pos) points, at t = 0: over a longer stretch of outline (a fingertip is a
 * few camera pixels round) a line would count the outline's own curve as roughness.
 */
function parabolaAtZero(pts: ReadonlyArray<readonly [number, number]>): number {
  // Normal equations for pos = c0 + c1 t + c2 t², solved by Cramer's rule (3 × 3).
  const m = [0, 0, 0, 0, 0];
  const r = [0, 0, 0];
  for (const [t, p] of pts) {
    for (let k = 0; k < 5; k++) m[k]! += t ** k;
    for (let k = 0; k < 3; k++) r[k]! += p * t ** k;
  }
  const det3 = (a: number[], b: number[], c: number[]): number => a[0]! * (b[1]! * c[2]! - b[2]! * c[1]!) - a[1]! * (b[0]! * c[2]! - b[2]! * c[0]!) + a[2]! * (b[0]! * c[1]! - b[1]! * c[0]!);
  const rows = [[m[0]!, m[1]!, m[2]!], [m[1]!, m[2]!, m[3]!], [m[2]!, m[3]!, m[4]!]];
  const d = det3(rows[0]!, rows[1]!, rows[2]!);
  return det3([r[0]!, m[1]!, m[2]!], [r[1]!, m[2]!, m[3]!], [r[2]!, m[3]!, m[4]!]) / d;
}

/** Camera pixels inside a region's outline that the edge is measured from: clear of the regions' own (hard) borders. */
const REGION_INSET_PX = 1.5;
/** Camera pixels either way the key's 0.5 line must pass within for a screen pixel to be on the key's edge. */
const KEY_LINE_NEAR_PX = 1;

/**
 * Where the arms' and chin's colour key draws the edge (camera px): inside a forearm or hand capsule, or the head
 * region below the mouth line, by {@link REGION_INSET_PX} (not the regions' own outlines), and within
 * {@link KEY_LINE_NEAR_PX} of the key's 0.5 line (the hard key on the picture: not a garment's own outline, such as a
 * sleeve drawn over the forearm, nor its shading).
 * @param camera the picture the key reads (borrowed).
 */
export function onKeyEdge(camera: Picture, regions: OcclusionRegions): (xPx: number, yPx: number) => boolean {
  const { nearLine } = keyLine(camera, regions);
  return (xPx, yPx) => {
    for (let i = 0; i < 4; i++) {
      const r = regions.radiiPx[i]!;
      if (!(r > REGION_INSET_PX)) continue;
      if (capsuleInsidePx(regions, i, xPx, yPx) > REGION_INSET_PX) return nearLine(i >> 1, xPx, yPx);
    }
    const inset = [[0, 0], [REGION_INSET_PX, 0], [-REGION_INSET_PX, 0], [0, REGION_INSET_PX], [0, -REGION_INSET_PX]];
    return yPx > regions.mouthYPx + REGION_INSET_PX && inset.every(([dx, dy]) => inHeadRegion(regions, xPx + dx!, yPx + dy!)) && nearLine(2, xPx, yPx);
  };
}

/** The arms' and chin's hard key on the picture: in front at a point, and whether its 0.5 line passes near. */
function keyLine(camera: Picture, regions: OcclusionRegions): { front: (region: number, x: number, y: number) => boolean; nearLine: (region: number, x: number, y: number) => boolean } {
  const references = ([0, 1, 2] as const).map((region) => {
    const skin = new Float64Array(3);
    const cloth = new Float64Array(3);
    keyReferences(camera.rgba, camera.widthPx, regions, region, skin, cloth);
    return { skin, cloth };
  });
  const front = (region: number, x: number, y: number): boolean => occlusionKeyWeight(cameraRgbAt(camera.rgba, camera.widthPx, camera.heightPx, x, y), references[region]!.skin, references[region]!.cloth) >= 0.5;
  const d = KEY_LINE_NEAR_PX;
  const nearLine = (region: number, x: number, y: number): boolean => {
    const here = front(region, x, y);
    return [[d, 0], [-d, 0], [0, d], [0, -d], [d, d], [-d, -d], [d, -d], [-d, d]].some(([dx, dy]) => front(region, x + dx!, y + dy!) !== here);
  };
  return { front, nearLine };
}

/** The regions' own outlines, each measured apart: where a region's shape, not the picture's colours, cuts. */
export type OutlineKind = 'capsule' | 'head' | 'hipLine';
export const OUTLINE_KINDS: readonly OutlineKind[] = ['capsule', 'head', 'hipLine'];
/** Camera pixels either side of a region's outline that its edge is looked for (its 0.5 line is on the outline). */
const OUTLINE_NEAR_PX = 1.5;

/**
 * Where a region's own outline of `kind` cuts the redraw (camera px): within {@link OUTLINE_NEAR_PX} of a forearm or
 * hand capsule's outline where the arms' key is in front and its line not near (capsule); of the head ellipse's
 * outline above the mouth line or the chin's below it, the chin's where its key is in front (head); of the own-top
 * hip line (hipLine). Elsewhere the edge seen is the key's ({@link onKeyEdge}) or a garment's own.
 */
export function onRegionOutline(camera: Picture, regions: OcclusionRegions, kind: OutlineKind): (xPx: number, yPx: number) => boolean {
  const { front, nearLine } = keyLine(camera, regions);
  const near = OUTLINE_NEAR_PX;
  if (kind === 'capsule') {
    return (xPx, yPx) => {
      for (let i = 0; i < 4; i++) {
        const r = regions.radiiPx[i]!;
        if (r > 0 && Math.abs(capsuleInsidePx(regions, i, xPx, yPx)) < near) return front(i >> 1, xPx, yPx) && !nearLine(i >> 1, xPx, yPx);
      }
      return false;
    };
  }
  if (kind === 'head') {
    return (xPx, yPx) => {
      if (!(regions.head[2]! > 0)) return false;
      if (yPx <= regions.mouthYPx) return Math.abs(ellipseInsidePx(regions.head, xPx, yPx)) < near && yPx < headBottomAt(regions, xPx);
      const c = regions.chin;
      return c[2]! > 0 && c[3]! > 0 && Math.abs(ellipseInsidePx(c, xPx, yPx)) < near && front(2, xPx, yPx) && !nearLine(2, xPx, yPx);
    };
  }
  const t = regions.ownTopLine;
  return (xPx, yPx) => (t[2] !== 0 || t[3] !== 0) && Math.abs((xPx - t[0]!) * t[2]! + (yPx - t[1]!) * t[3]!) < near;
}

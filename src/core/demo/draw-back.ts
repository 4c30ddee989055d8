import { centreX, clothShader, mirrorX, stitchLine, type Design } from './draw';
import { seamLine } from './draw-sewn';
import { CM_PER_UNIT, MARGIN_PX, PX_PER_UNIT, type Layout, type Piece, type SewnDetails } from './layout';
import { spanAt, widthAt } from './polygon';
import { paint, type Canvas, type Vec2 } from './raster';

/** The x of a polygon's right edge (the wearer's left, the larger x) at row `y`; -Infinity if it misses. */
const rightX = (polygon: readonly Vec2[], y: number): number => spanAt(polygon, y)?.right ?? -Infinity;

/**
 * The made-up details only the back of a garment has, where its pattern (or the way such a garment is made) puts them:
 * a collar seen from behind, a shirt's or trucker's yoke, a tailored jacket's centre-back seam and vent, a dress's
 * centre-back seam, trousers' seat seam and back pockets, a skirt's centre-back seam, vent and back darts. Drawn in
 * the front picture's frame (the wearer's left at the picture's right), as the back picture is stored (see
 * shared/garment.ts). Sizes in centimetres are garment-making facts.
 */
const PX_PER_CM = PX_PER_UNIT / CM_PER_UNIT;
const cm = (k: number): number => k * PX_PER_CM;
/** A tailored or denim jacket's collar at the centre back: a 4 cm fall over a 3 cm stand. */
const JACKET_COLLAR = { standCm: 3, fallCm: 4 } as const;
/** A single centre vent on a tailored jacket: 23–25 cm up from the hem. */
const JACKET_VENT_CM = 24;
/** A vent's overlap shows as a fold line this far to one side of the centre-back seam. */
const VENT_LAP_CM = 0.6;
/** A five-pocket jean's back yoke: ≈ 4 cm deep at the side seam, ≈ 7 cm at the seat seam. */
const JEANS_YOKE_SIDE_CM = 4;
const JEANS_YOKE_CB_CM = 7;
/** A jean's back patch pocket: ≈ 14 cm wide, ≈ 15 cm deep to its point, its top ≈ 1.5 cm under the yoke seam. */
const PATCH_POCKET_W_CM = 14;
const PATCH_POCKET_H_CM = 15;
const PATCH_BELOW_YOKE_CM = 1.5;
/** A chino's jetted back pocket: a 13 cm opening, its welt 1 cm high, ≈ 7 cm below the waist seam. */
const WELT_W_CM = 13;
const WELT_H_CM = 1;
const WELT_BELOW_WAIST_CM = 7;
/** Edge-stitching inside a seam or a pocket's edge. */
const EDGE_STITCH_CM = 0.3;

/** A top's back: its collar from behind, a yoke seam, a centre-back seam (with a jacket's vent). */
export function drawBackTop(canvas: Canvas, layout: Layout, sewn: SewnDetails, design: Design, torso: Piece): void {
  const back = sewn.back;
  if (!back) return;
  const { shape, fabric } = design;
  const cx = centreX(layout);
  const m = layout.marks;
  const hemY = m.hemY![1];
  const neckline = [...back.neckline.map((p) => mirrorX(layout, p)), ...back.neckline.slice(0, -1).reverse()];
  const cbNeckY = back.neckline[back.neckline.length - 1]![1];
  const outline = back.torso;
  const across = (y: number): Vec2[] => {
    const half = Math.min(rightX(outline, y) - cx, widthAt(outline, y) / 2) - 1;
    return [[cx - half, y], [cx + half, y]];
  };
  if (back.yokeY !== undefined) {
    // The yoke seam straight across the back, between the armholes, edge-stitched below it.
    seamLine(canvas, across(back.yokeY));
    // (A denim yoke's topstitching is the jacket's thread, drawn with it.)
    if (!sewn.jacket) stitchLine(canvas, across(back.yokeY + cm(EDGE_STITCH_CM) + 2));
  }
  if (shape.category === 'dress') {
    // Bella's back is two halves: its centre-back seam (the zip's, invisible) from the neck to the waist seam.
    const to = m.waistSeam?.[1] ?? hemY;
    seamLine(canvas, [[cx, cbNeckY], [cx, to]]);
  }
  const jacket = sewn.jacket;
  const collar = back.collar ?? (jacket ? { standPx: cm(JACKET_COLLAR.standCm), fallPx: cm(JACKET_COLLAR.fallCm) } : undefined);
  let fallPx = 0;
  if (collar && (shape.category === 'shirt' || jacket)) {
    // The collar from behind, round the neck: its stand rises from the neck seam, its fall folds down over the stand
    // and hangs past the seam by the difference. Its top edge stays inside the picture's margin above the neck points.
    fallPx = collar.fallPx - collar.standPx;
    const neckY = back.neckline[0]![1];
    const upper = neckline.map(([x, y]): Vec2 => [x, Math.max(neckY - 0.6 * MARGIN_PX, y - collar.standPx)]);
    const lower = neckline.map(([x, y]): Vec2 => [x, y + fallPx]);
    const band: Vec2[] = [...upper, ...lower.reverse()];
    paint(canvas, band, clothShader(torso, fabric, [], shape.category === 'shirt' ? 1.06 : 0.9, 0.05 * PX_PER_UNIT));
    seamLine(canvas, neckline.map(([x, y]): Vec2 => [x, y + fallPx]));
    if (shape.category === 'shirt') stitchLine(canvas, neckline.map(([x, y]): Vec2 => [x, y + fallPx - cm(EDGE_STITCH_CM) - 2]));
  }
  if (jacket?.style === 'blazer') {
    // A tailored back is two pieces: the centre-back seam from the collar to the hem, the vent's lap beside it.
    const top = cbNeckY + fallPx;
    const ventTop = hemY - cm(JACKET_VENT_CM);
    seamLine(canvas, [[cx, top], [cx, hemY]]);
    seamLine(canvas, [[cx + cm(VENT_LAP_CM), ventTop], [cx + cm(VENT_LAP_CM), hemY]]);
    // The vent's top is stitched across, at a slant, through the lap.
    stitchLine(canvas, [[cx - 1, ventTop - cm(1.5)], [cx + cm(VENT_LAP_CM) + cm(1.2), ventTop]]);
  }
}

/** Trousers' back: the seat seam is drawn with the band; here the back pockets (and a jean's yoke). */
export function drawBackPockets(canvas: Canvas, layout: Layout, design: Design, piece: Piece, jeans: boolean): void {
  const m = layout.marks;
  const mir = (p: Vec2): Vec2 => mirrorX(layout, p);
  const seam = m.waistSeamLeft!;
  const cf = m.cfWaist!;
  const cx = cf[0];
  const flat = { ...design.fabric, pattern: design.fabric.pattern === 'denim' ? ('denim' as const) : ('solid' as const) };
  const side = (y: number): number => rightX(piece.polygon, y) - 1;
  for (const f of [(p: Vec2): Vec2 => p, mir]) {
    if (jeans) {
      // The yoke: from the side seam 4 cm under the band down to the seat seam 7 cm under it, felled (two rows).
      const a: Vec2 = [side(seam[1] + cm(JEANS_YOKE_SIDE_CM)), seam[1] + cm(JEANS_YOKE_SIDE_CM)];
      const b: Vec2 = [cx, cf[1] + cm(JEANS_YOKE_CB_CM)];
      seamLine(canvas, [a, b].map(f));
      for (const k of [3, 3 + cm(0.6)]) stitchLine(canvas, ([[a[0], a[1] + k], [b[0], b[1] + k]] as Vec2[]).map(f));
      // The patch pocket, centred between the seat seam and the side, its top under the yoke there.
      const mid = (cx + side(seam[1] + cm(10))) / 2;
      const yokeAt = (x: number): number => a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0]);
      const w = cm(PATCH_POCKET_W_CM) / 2;
      const top = yokeAt(mid) + cm(PATCH_BELOW_YOKE_CM);
      const h = cm(PATCH_POCKET_H_CM);
      // Its top follows the yoke's slope; its sides run down to a point at its centre.
      const pocket: Vec2[] = [[mid - w, yokeAt(mid - w) + cm(PATCH_BELOW_YOKE_CM)], [mid + w, yokeAt(mid + w) + cm(PATCH_BELOW_YOKE_CM)], [mid + w * 0.92, top + 0.85 * h], [mid, top + h], [mid - w * 0.92, top + 0.85 * h]];
      const p = pocket.map(f);
      paint(canvas, p, clothShader(piece, flat, [], 0.97, 0.03 * PX_PER_UNIT));
      seamLine(canvas, [...p.slice(1), p[0]!]);
      const inset = pocket.map(([x, y]): Vec2 => [mid + (x - mid) * 0.9, top + (y - top) * 0.93 + 3]);
      stitchLine(canvas, [...inset.slice(1), inset[0]!].map(f));
    } else {
      // A jetted pocket: the opening's welt, a shade in the slit's shadow, between the seat seam and the side.
      const y = seam[1] + cm(WELT_BELOW_WAIST_CM);
      const mid = (cx + side(y)) / 2;
      const w = cm(WELT_W_CM) / 2;
      const welt: Vec2[] = ([[mid - w, y], [mid + w, y], [mid + w, y + cm(WELT_H_CM)], [mid - w, y + cm(WELT_H_CM)]] as Vec2[]).map(f);
      paint(canvas, welt, clothShader(piece, flat, [], 0.86, 0.02 * PX_PER_UNIT));
      seamLine(canvas, [welt[0]!, welt[1]!]);
      seamLine(canvas, [welt[3]!, welt[2]!]);
    }
  }
}

/** A skirt's back: the centre-back seam (its zip's, invisible) from the waist seam to the hem, a straight skirt's vent. */
export function drawBackSkirt(canvas: Canvas, layout: Layout): void {
  const m = layout.marks;
  const cx = centreX(layout);
  const top = m.waistSeam![1];
  const hemY = m.hemY![1];
  seamLine(canvas, [[cx, top], [cx, hemY]]);
  if (m.ventTop) {
    const y = m.ventTop[1];
    seamLine(canvas, [[cx + cm(VENT_LAP_CM), y], [cx + cm(VENT_LAP_CM), hemY]]);
    stitchLine(canvas, [[cx - 1, y - cm(1.5)], [cx + cm(VENT_LAP_CM) + cm(1.2), y]]);
  }
}

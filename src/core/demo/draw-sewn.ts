import { band, clothShader, mirrorX, solidShader, stitchLine, type Design } from './draw';
import { CM_PER_UNIT, PX_PER_UNIT, type Layout, type Piece, type SewnDetails } from './layout';
import { circle, paint, type Vec2 } from './raster';

/**
 * The made-up details of a pattern-made top, where its pattern puts them: neck rib, placket and
 * buttons, cuffs, the armhole seams and the hem's stitching. Sizes in centimetres are garment-making facts.
 */
const PX_PER_CM = PX_PER_UNIT / CM_PER_UNIT;
/** A jersey tee's neck rib, finished width. */
const NECK_RIB_CM = 1.6;
/** A jersey hem's twin-needle stitching above the folded edge, and a shirt's narrow hem. */
const JERSEY_HEM_CM = 2;
const SHIRT_HEM_CM = 0.6;
/** Button diameter on a shirt placket (a 16-ligne shirt button ≈ 1 cm). */
const BUTTON_CM = 1.05;
/** Topstitching inside a shirt's placket edges and cuff top. */
const EDGE_STITCH_CM = 0.3;

/** A seam as the eye sees it on cloth: a thin shadow in the join with a faint lift beside it. */
export function seamLine(canvas: Parameters<typeof stitchLine>[0], points: readonly Vec2[]): void {
  paint(canvas, band(points, 1.1), (_x, _y, _d, out) => {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    out[3] = 0.2;
  });
}

const offset = (points: readonly Vec2[], px: number): Vec2[] => {
  // Shift each point along its local normal (left of the direction of travel) by `px`.
  return points.map((p, i) => {
    const a = points[Math.max(0, i - 1)]!;
    const b = points[Math.min(points.length - 1, i + 1)]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    return [p[0] - ((b[1] - a[1]) / len) * px, p[1] + ((b[0] - a[0]) / len) * px] as Vec2;
  });
};

export function drawSewnTrim(canvas: Parameters<typeof stitchLine>[0], layout: Layout, sewn: SewnDetails, design: Design, torso: Piece): void {
  const { shape, fabric } = design;
  const m = layout.marks;
  const mir = (p: Vec2): Vec2 => mirrorX(layout, p);
  const both = (left: readonly Vec2[]): Vec2[][] => [left.slice(), left.map(mir)];
  const flat = { ...fabric, pattern: fabric.pattern === 'denim' ? ('denim' as const) : ('solid' as const) };
  // The whole front neckline, wearer's right → centre front → left.
  const neckline = [...sewn.neckline.map(mir), ...sewn.neckline.slice(0, -1).reverse()];

  if (shape.category === 'tshirt' || shape.category === 'dress') {
    // Rib round the front neckline (its back half is behind the shopper's neck).
    paint(canvas, band(neckline, (NECK_RIB_CM / 2) * PX_PER_CM), clothShader(torso, { ...flat, primary: design.trim }, [], 0.97, 0.03 * PX_PER_UNIT));
    stitchLine(canvas, offset(neckline, -(NECK_RIB_CM / 2) * PX_PER_CM - 2));
  }

  for (const seam of both(sewn.armhole)) seamLine(canvas, seam);

  if (sewn.cuffTop && sewn.cuffBottom && sewn.sleeveDown) {
    const d = sewn.sleeveDown;
    for (const isLeft of [true, false]) {
      const f = (p: Vec2): Vec2 => (isLeft ? p : mir(p));
      const dd: Vec2 = isLeft ? d : [-d[0], d[1]];
      const top = f(sewn.cuffTop);
      const bottom = f(sewn.cuffBottom);
      const back = (p: Vec2, px: number): Vec2 => [p[0] - dd[0] * px, p[1] - dd[1] * px];
      const piece = layout.pieces.find((p) => p.name === `${isLeft ? 'left' : 'right'}Sleeve`) ?? torso;
      if (sewn.cuffDepthPx > 0) {
        const cuff: Vec2[] = [top, bottom, back(bottom, sewn.cuffDepthPx), back(top, sewn.cuffDepthPx)];
        paint(canvas, cuff, clothShader(piece, fabric, [], 0.95, 0.03 * PX_PER_UNIT));
        seamLine(canvas, [cuff[3]!, cuff[2]!]);
        stitchLine(canvas, [back(top, sewn.cuffDepthPx - EDGE_STITCH_CM * PX_PER_CM), back(bottom, sewn.cuffDepthPx - EDGE_STITCH_CM * PX_PER_CM)]);
      } else {
        stitchLine(canvas, [back(top, JERSEY_HEM_CM * PX_PER_CM), back(bottom, JERSEY_HEM_CM * PX_PER_CM)]);
      }
    }
  }

  const cx = (layout.mannequinPx[2 * 11]! + layout.mannequinPx[2 * 12]!) / 2;
  const hemY = m.hemY![1];
  if (sewn.placket) {
    const w = sewn.placket.halfWidthPx;
    const top = m.neckFront![1];
    paint(canvas, [[cx - w, top], [cx + w, top], [cx + w, hemY], [cx - w, hemY]], clothShader(torso, fabric, [], 1.03, 0.04 * PX_PER_UNIT));
    seamLine(canvas, [[cx + w, top], [cx + w, hemY]]);
    for (const x of [cx - w + EDGE_STITCH_CM * PX_PER_CM, cx + w - EDGE_STITCH_CM * PX_PER_CM]) stitchLine(canvas, [[x, top + 4], [x, hemY - 2]]);
    // The collar button is under the collar: the placket's buttons from the second down.
    for (const y of sewn.placket.buttonsY.slice(1)) paint(canvas, circle(cx, y, (BUTTON_CM / 2) * PX_PER_CM), solidShader(design.trim, (BUTTON_CM / 2.5) * PX_PER_CM));
  }
  const hem = m.hemLeft!;
  const hemCm = shape.category === 'shirt' ? SHIRT_HEM_CM : JERSEY_HEM_CM;
  stitchLine(canvas, [[mir(hem)[0] + 4, hemY - hemCm * PX_PER_CM], [hem[0] - 4, hemY - hemCm * PX_PER_CM]]);
}

import { drawBackPockets } from './draw-back';
import { band, clothShader, mirrorX, solidShader, stitchLine, type Design } from './draw';
import { CM_PER_UNIT, PX_PER_UNIT, type Layout, type Piece, type SewnDetails } from './layout';
import { spanAt } from './polygon';
import { circle, paint, quad, type Vec2 } from './raster';

/**
 * The made-up details of a pattern-made top, where its pattern puts them: neck rib, placket and
 * buttons, cuffs, the armhole seams and the hem's stitching. Sizes in centimetres are garment-making facts.
 */
const PX_PER_CM = PX_PER_UNIT / CM_PER_UNIT;
/** A jersey tee's neck rib, finished width. */
export const NECK_RIB_CM = 1.6;
/** A jersey hem's twin-needle stitching above the folded edge, and a shirt's narrow hem. */
const JERSEY_HEM_CM = 2;
const SHIRT_HEM_CM = 0.6;
/** Button diameter on a shirt placket (a 16-ligne shirt button ≈ 1 cm). */
export const BUTTON_CM = 1.05;
/** Topstitching inside a shirt's placket edges and cuff top. */
export const EDGE_STITCH_CM = 0.3;

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

/**
 * `hemStitch`: false where the hem is a draped skirt's (it waves; its blind hem shows no stitching from the front).
 * `back`: the back picture's — the back's neckline finished instead of the front's, and no placket or buttons.
 */
export function drawSewnTrim(canvas: Parameters<typeof stitchLine>[0], layout: Layout, sewn: SewnDetails, design: Design, torso: Piece, hemStitch = true, back = false): void {
  const { shape, fabric } = design;
  const m = layout.marks;
  const mir = (p: Vec2): Vec2 => mirrorX(layout, p);
  const both = (left: readonly Vec2[]): Vec2[][] => [left.slice(), left.map(mir)];
  const flat = { ...fabric, pattern: fabric.pattern === 'denim' ? ('denim' as const) : ('solid' as const) };
  // The whole front neckline (or the back's), wearer's right → centre → left.
  const half = back && sewn.back ? sewn.back.neckline : sewn.neckline;
  const neckline = [...half.map(mir), ...half.slice(0, -1).reverse()];

  if (shape.category === 'dress' && shape.sleeves === 'none') {
    // A slip's top edge is faced, not ribbed: its turned edge a fine shaded line along the V and up the straps.
    seamLine(canvas, neckline);
  } else if (shape.category === 'tshirt' || shape.category === 'dress') {
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
  if (sewn.placket && !back) {
    const w = sewn.placket.halfWidthPx;
    const top = m.neckFront![1];
    paint(canvas, [[cx - w, top], [cx + w, top], [cx + w, hemY], [cx - w, hemY]], clothShader(torso, fabric, [], 1.03, 0.04 * PX_PER_UNIT));
    seamLine(canvas, [[cx + w, top], [cx + w, hemY]]);
    for (const x of [cx - w + EDGE_STITCH_CM * PX_PER_CM, cx + w - EDGE_STITCH_CM * PX_PER_CM]) stitchLine(canvas, [[x, top + 4], [x, hemY - 2]]);
    // The collar button is under the collar: the placket's buttons from the second down.
    for (const y of sewn.placket.buttonsY.slice(1)) paint(canvas, circle(cx, y, (BUTTON_CM / 2) * PX_PER_CM), solidShader(design.trim, (BUTTON_CM / 2.5) * PX_PER_CM));
  }
  if (m.waistSeam) {
    // A dress: the skirt sewn to the bodice along the level waist seam, and the bodice's darts sewn shut.
    const y = m.waistSeam[1];
    seamLine(canvas, [[mir(m.waistLeft!)[0], y], [m.waistLeft![0], y]]);
    for (let i = 0; m[`dart${i}Top`]; i++) for (const dart of both([m[`dart${i}Top`]!, m[`dart${i}Tip`]!])) seamLine(canvas, dart);
  }
  if (!hemStitch) return;
  const hem = m.hemLeft!;
  const hemCm = shape.category === 'shirt' ? SHIRT_HEM_CM : JERSEY_HEM_CM;
  stitchLine(canvas, [[mir(hem)[0] + 4, hemY - hemCm * PX_PER_CM], [hem[0] - 4, hemY - hemCm * PX_PER_CM]]);
}

/** A jeans fly's J topstitching, this far from the centre front (a 5-pocket jean's fly shield is ≈ 3.5 cm wide). */
const FLY_CM = 3.5;
/** A scoop front pocket's opening: ≈ 10 cm along the waist seam from the side and ≈ 7.5 cm down the side seam. */
const POCKET_ALONG_WAIST_CM = 10;
const POCKET_DOWN_SIDE_CM = 7.5;
/** A jeans hem: turned twice, stitched ≈ 1.5 cm above the edge. */
const DENIM_HEM_CM = 1.5;
/**
 * A slant pocket (chinos): its opening a straight line from the waist seam ≈ 4 cm in from the side down to the side
 * seam ≈ 17 cm below the waist seam (a 6½–7 in opening, a hand's width).
 */
const SLANT_ALONG_WAIST_CM = 4;
const SLANT_DOWN_SIDE_CM = 17;
/** A trouser turn-up (cuff), finished depth: 3.5–4.5 cm on trousers, the shallow end on shorts. */
const TURN_UP_CM = 3.5;
/** A jeans waistband's shank button and the copper rivets at the pocket corners, diameters. */
const SHANK_BUTTON_CM = 1.7;
const RIVET_CM = 0.8;

/**
 * The made-up details of pattern-made trousers, where the pattern puts them: the waistband sewn on the lowered waist
 * seam, the centre-front seam down to the crotch point, the fly's J-stitch ending where the crotch curve starts,
 * scoop pockets from the waist seam to the side seam, and the hems' stitching.
 */
export function drawSewnTrousers(canvas: Parameters<typeof stitchLine>[0], layout: Layout, design: Design, piece: Piece, back = false): void {
  const m = layout.marks;
  const mir = (p: Vec2): Vec2 => mirrorX(layout, p);
  const flat = { ...design.fabric, pattern: design.fabric.pattern === 'denim' ? ('denim' as const) : ('solid' as const) };
  const top = m.waistLeft!;
  const seam = m.waistSeamLeft!;
  const cfTop = m.cfBandTop!;
  const cfSeam = m.cfWaist!;
  const cx = cfSeam[0];
  const cm = (k: number): number => k * PX_PER_CM;
  const band: Vec2[] = [mir(top), cfTop, top, seam, cfSeam, mir(seam)];
  paint(canvas, band, clothShader(piece, flat, [], 0.92, 0.04 * PX_PER_UNIT));
  seamLine(canvas, [mir(seam), cfSeam, seam]);
  const inset = (a: Vec2, b: Vec2, k: number): Vec2[] => [[a[0], a[1] + k], [b[0], b[1] + k]];
  stitchLine(canvas, [...inset(mir(top), cfTop, 4), ...inset(cfTop, top, 4).slice(1)]);
  stitchLine(canvas, [...inset(mir(seam), cfSeam, -4), ...inset(cfSeam, seam, -4).slice(1)]);
  // The centre-front seam down to the fork (on the back picture the seat seam, in the same place).
  seamLine(canvas, [cfSeam, m.crotch!]);
  const make = layout.trouserMake ?? { pockets: 'scoop', crease: false, hem: 'topstitched' };
  if (back) {
    drawBackPockets(canvas, layout, design, piece, make.pockets === 'scoop');
  } else {
    // The fly on the wearer's left: straight down, then curving into the centre front where the crotch curve starts.
    const end = m.flyEnd!;
    const x = cx + cm(FLY_CM);
    stitchLine(canvas, [[x, cfSeam[1] + 3], [x, end[1] - cm(FLY_CM)], ...quad([x, end[1] - cm(FLY_CM)], [x, end[1]], [cx, end[1]], 6).slice(1)]);
    paint(canvas, circle(cx, (cfTop[1] + cfSeam[1]) / 2, cm(SHANK_BUTTON_CM) / 2), solidShader(design.trim, cm(SHANK_BUTTON_CM) / 5));
  }
  for (const f of [(p: Vec2): Vec2 => p, mir]) {
    if (back) {
      // The back's pockets are drawn above.
    } else if (make.pockets === 'scoop') {
      // Scoop pocket: from the waist seam in from the side, curving down to the side seam.
      const sideSeamY = seam[1] + cm(POCKET_DOWN_SIDE_CM);
      const a: Vec2 = [seam[0] - cm(POCKET_ALONG_WAIST_CM), seam[1] + (cfSeam[1] - seam[1]) * (cm(POCKET_ALONG_WAIST_CM) / Math.max(1, seam[0] - cx))];
      const b: Vec2 = [seam[0] - 1, sideSeamY];
      const scoop = quad(a, [a[0] + cm(1), sideSeamY - cm(1)], b, 10);
      seamLine(canvas, scoop.map(f));
      stitchLine(canvas, scoop.map((p) => f([p[0] - 4, p[1] + 3])));
      paint(canvas, circle(...f([b[0] - cm(0.6), b[1] - cm(0.4)]), cm(RIVET_CM) / 2), solidShader(design.trim, cm(RIVET_CM) / 5));
    } else {
      // Slant pocket: a straight opening from the waist seam down to the side seam, edge-stitched.
      const a: Vec2 = [seam[0] - cm(SLANT_ALONG_WAIST_CM), seam[1] + (cfSeam[1] - seam[1]) * (cm(SLANT_ALONG_WAIST_CM) / Math.max(1, seam[0] - cx))];
      const b: Vec2 = [sideX(layout, seam[1] + cm(SLANT_DOWN_SIDE_CM)) - 1, seam[1] + cm(SLANT_DOWN_SIDE_CM)];
      seamLine(canvas, [a, b].map(f));
      stitchLine(canvas, ([[a[0] - 4, a[1] + 2], [b[0] - 4, b[1] - 6]] as Vec2[]).map(f));
    }
    const hemIn = f(m.hemInLeft!);
    const hemOut = f(m.hemOutLeft!);
    if (make.hem === 'topstitched') {
      stitchLine(canvas, [[hemIn[0], hemIn[1] - cm(DENIM_HEM_CM)], [hemOut[0], hemOut[1] - cm(DENIM_HEM_CM)]]);
    } else if (make.hem === 'turnUp') {
      // The turn-up: the hem folded up outside, a band a shade darker (its face is the cloth's back) with the fold's
      // shadow along its top edge.
      const d = cm(TURN_UP_CM);
      const cuff: Vec2[] = [[hemOut[0], hemOut[1] - d], [hemIn[0], hemIn[1] - d], hemIn, hemOut];
      paint(canvas, cuff, clothShader(piece, flat, [], 0.94, 0.03 * PX_PER_UNIT));
      seamLine(canvas, [cuff[0]!, cuff[1]!]);
    }
    // A blind-stitched hem shows no stitching from the front.
  }
}

/** The x of the trousers' outline on the wearer's left (the larger x) at row `y`, garment pixels. */
function sideX(layout: Layout, y: number): number {
  return spanAt(layout.pieces.find((p) => p.name === 'trousers')!.polygon, y)?.right ?? -Infinity;
}

import { band, clothShader, hexToRgb, mirrorX, solidShader, stitchLine, type Design } from './draw';
import { seamLine } from './draw-sewn';
import { PX_PER_UNIT, type Layout, type Piece, type SewnDetails } from './layout';
import { spanAt } from './polygon';
import { circle, paint, type Canvas, type Vec2 } from './raster';

/**
 * Denim is topstitched in a heavy golden-tan thread (the colour of a trucker's or a jean's seams); a blazer's pick
 * stitching is in the cloth's own colour, so it shows only as the small shadows of its stitches.
 */
const DENIM_THREAD = '#c9913f';

/**
 * The made-up details of a pattern-made jacket, where its draft puts them (pattern/draft-jacket.ts): the armhole
 * seams, the cloth over the front (lapels and collar, pocket flaps and welt; or placket, yoke, flaps, band and collar),
 * seams, topstitching and buttons, and a trucker's cuffs.
 */
export function drawSewnJacket(canvas: Canvas, layout: Layout, sewn: SewnDetails & { jacket: NonNullable<SewnDetails['jacket']> }, design: Design, torso: Piece, back = false): void {
  const { fabric } = design;
  const j = sewn.jacket;
  const denim = j.style === 'trucker';
  const stitch = (line: readonly Vec2[]): void => (denim ? threadLine(canvas, line, DENIM_THREAD) : stitchLine(canvas, line));
  for (const seam of [sewn.armhole, sewn.armhole.map((p) => mirrorX(layout, p))]) seamLine(canvas, seam);
  if (back) {
    // From behind: a trucker's hem band runs right round (the front's two halves, joined across the back); the
    // front's lapels, flaps, placket, seams and buttons are not there.
    const bands = j.patches.filter((p) => p.name === 'band').flatMap((p) => p.polygon);
    if (bands.length > 0) {
      const xs = bands.map((p) => p[0]);
      const ys = bands.map((p) => p[1]);
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      const whole: Vec2[] = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
      paint(canvas, whole, clothShader(torso, fabric, [], 0.95, 0.04 * PX_PER_UNIT));
      seamLine(canvas, [whole[0]!, whole[1]!]);
      for (const k of [4, 10]) stitch([[x0 + 2, y0 + k], [x1 - 2, y0 + k]]);
    }
    if (sewn.back?.yokeY !== undefined && denim) for (const k of [5, 11]) stitch(yokeAcross(sewn.back.torso, sewn.back.yokeY + k));
  }
  // The lapels' roll lines: the fold where the lapel turns back, a soft shadow line.
  if (!denim && !back) for (const roll of [sewn.neckline, sewn.neckline.map((p) => mirrorX(layout, p))]) seamLine(canvas, roll);
  for (const p of back ? [] : j.patches) {
    paint(canvas, p.polygon, clothShader(torso, fabric, [], p.tone, 0.04 * PX_PER_UNIT));
    seamLine(canvas, [...p.polygon, p.polygon[0]!]);
  }
  for (const s of back ? [] : j.seams) seamLine(canvas, s);
  for (const s of back ? [] : j.stitches) stitch(s);
  for (const b of back ? [] : j.buttons) {
    const r = b.diameter / 2;
    paint(canvas, circle(b.at[0], b.at[1], r), solidShader(design.trim, r / (denim ? 2.5 : 1.5)));
    // A shank button's stamped rim; a blazer's four holes.
    if (denim) paint(canvas, band(circle(b.at[0], b.at[1], 0.7 * r, 16).concat([[b.at[0] + 0.7 * r, b.at[1]]]), 0.6), solidShader('#000000', 1));
    else for (const [dx, dy] of [[-1, -1], [1, -1], [1, 1], [-1, 1]] as const) paint(canvas, circle(b.at[0] + dx * 0.22 * r, b.at[1] + dy * 0.22 * r, 0.12 * r, 8), solidShader('#000000', 1));
  }
  if (sewn.cuffTop && sewn.cuffBottom && sewn.sleeveDown && sewn.cuffDepthPx > 0) {
    for (const isLeft of [true, false]) {
      const f = (p: Vec2): Vec2 => (isLeft ? p : mirrorX(layout, p));
      const d: Vec2 = isLeft ? sewn.sleeveDown : [-sewn.sleeveDown[0], sewn.sleeveDown[1]];
      const top = f(sewn.cuffTop);
      const bottom = f(sewn.cuffBottom);
      const back = (p: Vec2, px: number): Vec2 => [p[0] - d[0] * px, p[1] - d[1] * px];
      const piece = layout.pieces.find((p) => p.name === `${isLeft ? 'left' : 'right'}Sleeve`) ?? torso;
      const cuff: Vec2[] = [top, bottom, back(bottom, sewn.cuffDepthPx), back(top, sewn.cuffDepthPx)];
      paint(canvas, cuff, clothShader(piece, fabric, [], 0.95, 0.03 * PX_PER_UNIT));
      seamLine(canvas, [cuff[3]!, cuff[2]!]);
      for (const k of [0.12, 0.22]) stitch([back(top, sewn.cuffDepthPx * (1 - k)), back(bottom, sewn.cuffDepthPx * (1 - k))]);
      const at = back([(top[0] * 3 + bottom[0]) / 4, (top[1] * 3 + bottom[1]) / 4], sewn.cuffDepthPx / 2);
      const r = sewn.cuffDepthPx / 5;
      paint(canvas, circle(at[0], at[1], r), solidShader(design.trim, r / 2.5));
    }
  }
}

/** A row across a back piece's outline at `y`, a stitch inside each side. */
function yokeAcross(outline: readonly Vec2[], y: number): Vec2[] {
  const span = spanAt(outline, y);
  return span ? [[span.left + 4, y], [span.right - 4, y]] : [];
}

/** A dashed line of stitches in a coloured thread (5 px stitches every 8 px). */
function threadLine(canvas: Canvas, points: readonly Vec2[], hex: string): void {
  const [r, g, b] = hexToRgb(hex);
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const c = points[i + 1]!;
    const len = Math.hypot(c[0] - a[0], c[1] - a[1]);
    for (let t = 0; t < len; t += 8) {
      const e = Math.min(len, t + 5);
      const p0: Vec2 = [a[0] + ((c[0] - a[0]) * t) / len, a[1] + ((c[1] - a[1]) * t) / len];
      const p1: Vec2 = [a[0] + ((c[0] - a[0]) * e) / len, a[1] + ((c[1] - a[1]) * e) / len];
      paint(canvas, band([p0, p1], 0.8), (_x, _y, _d, out) => {
        out[0] = r;
        out[1] = g;
        out[2] = b;
        out[3] = 0.85;
      });
    }
  }
}

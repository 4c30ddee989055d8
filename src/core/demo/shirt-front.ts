import { toSegment, type Point3, type TintAt, type TubeSurface } from './fold-map';

/**
 * What makes a shirt's front read as a shirt's in 3D (issue 14): its button placket down the centre front with a
 * topstitched edge, its buttons in the trim's colour, its chest pocket on the wearer's left, drawn into the body's
 * base colour on the fold atlas (fold-map.ts `TintAt`) where the 2D picture draws them (draw-sewn.ts, draw.ts). The
 * placket's width and the buttons' places are the pattern's (Simon's, draft-top.ts); the mesh's rings (3 cm) are
 * far coarser than a 1 cm button or a 3 mm stitch line, the atlas (2.5 mm a texel) is not.
 *
 * Frame: the garment's bind pose (metres, y up, x to the wearer's left, z forwards); on the body's tube the centre
 * front is angle π/2 and the wearer's left side angle 0.
 */
export interface ShirtFront {
  /** Half the placket's width, m (Simon's M: 1.8 cm). */
  placketHalfWidthM: number;
  /** The placket's edge stitching in from its edge, m. */
  edgeStitchM: number;
  /** The buttons' centres, m of cloth down the centre front from the neckline (the collar's button excluded). */
  buttonsBelowNeckM: readonly number[];
  buttonRadiusM: number;
  /** The chest pocket on the wearer's left, m: its middle off the centre front, its top under the neckline, its size. */
  pocket?: { fromCentreM: number; belowNeckM: number; halfWidthM: number; sideDepthM: number; depthM: number };
}

/**
 * A topstitch line: ≈ 1.2 mm wide, 30 % less light in linear terms (draw.ts's stitch paints 22 % black over the
 * picture's sRGB, ≈ 0.7 of the light).
 */
export const STITCH_HALF_WIDTH_M = 0.0006;
export const STITCH_SHADE = 0.7;
/**
 * A folded edge lying on the cloth (the placket's, the pocket's): the edge's own shadow, ≈ 2.5 mm wide — one texel of
 * the atlas, so it survives the texel's averaging — and half the light (the step of two plies seen in the store's
 * frontal light, as the lapel's cut edge, model3d.ts).
 */
export const EDGE_HALF_WIDTH_M = 0.00125;
const EDGE_SHADE = 0.5;
/** A button's rim: its last 15 % of radius seen edge-on, darker than its face (draw.ts's hardware rim shade). */
const BUTTON_RIM_OF_RADIUS = 0.15;
const BUTTON_RIM_SHADE = 0.75;

/** Coverage of a line `halfWidthM` either side at distance `dM` from it, feathered over 0.5 mm. */
export const line = (dM: number, halfWidthM: number): number => Math.min(1, Math.max(0, (halfWidthM + 0.00025 - Math.abs(dM)) / 0.0005));

/**
 * The front's tint on a top's body tube.
 * @param centreFront the point `belowNeckM` metres of cloth down the centre front from the neckline (the hung
 *   body's own column), into `out`.
 * @param neckY the neckline's height at the centre front, m; `hemY` the hem's.
 */
export function shirtFrontTint(front: ShirtFront, centreFront: (belowNeckM: number, out: Point3) => Point3, neckY: number, hemY: number): TintAt {
  const buttons = front.buttonsBelowNeckM.map((d) => centreFront(d, { x: 0, y: 0, z: 0 }));
  const pocket = front.pocket;
  const pocketTopY = pocket ? centreFront(pocket.belowNeckM, { x: 0, y: 0, z: 0 }).y : 0;
  const cf: Point3 = { x: 0, y: 0, z: 0 };
  const out = { shade: 1, trim: 0 };
  return (a: number, t: number, p: Point3, surface: TubeSurface) => {
    out.shade = 1;
    out.trim = 0;
    if (Math.sin(a) <= 0 || p.y > neckY + 0.005 || p.y < hemY - 0.005) return out;
    for (const b of buttons) {
      const r = Math.hypot(p.x - b.x, p.y - b.y, p.z - b.z) / front.buttonRadiusM;
      if (r >= 1) continue;
      out.trim = 1;
      if (r > 1 - BUTTON_RIM_OF_RADIUS) out.shade = BUTTON_RIM_SHADE;
      return out;
    }
    // Across the front from its centre line (+ towards the wearer's left), along the ring's chord: within a
    // pocket's reach of the centre the chord is the arc to 3 %.
    surface(Math.PI / 2, t, cf);
    const acrossM = Math.sign(Math.cos(a)) * Math.hypot(p.x - cf.x, p.z - cf.z);
    const w = front.placketHalfWidthM;
    let edge = line(Math.abs(acrossM) - w, EDGE_HALF_WIDTH_M);
    let stitch = line(Math.abs(acrossM) - (w - front.edgeStitchM), STITCH_HALF_WIDTH_M);
    if (pocket) {
      const x = acrossM - pocket.fromCentreM;
      const y = pocketTopY - p.y;
      const { halfWidthM: hw, sideDepthM: sd, depthM: d } = pocket;
      const outline = Math.min(toSegment(x, y, -hw, sd, 0, d).d, toSegment(x, y, 0, d, hw, sd).d, toSegment(Math.abs(x), y, hw, 0, hw, sd).d);
      // Stitched round its sides and point a few mm in from its edge, its hemmed top a folded edge.
      const inside = y >= 0 && Math.abs(x) <= hw && y <= sd + (d - sd) * (1 - Math.abs(x) / hw);
      stitch = Math.max(stitch, inside ? line(outline - front.edgeStitchM, STITCH_HALF_WIDTH_M) : 0);
      edge = Math.max(edge, line(outline, EDGE_HALF_WIDTH_M), Math.abs(x) <= hw ? line(y, EDGE_HALF_WIDTH_M) : 0);
    }
    out.shade = Math.min(1 - edge * (1 - EDGE_SHADE), 1 - stitch * (1 - STITCH_SHADE));
    return out;
  };
}

/** Where a collar turns over its stand, the inside of the fold in shade (as a lapel's roll line, model3d.ts: 0.7). */
const ROLL_SHADE = 0.7;
/** How far down from the fold the roll's shade reaches, m (the fold's radius: two plies and interfacing). */
const ROLL_M = 0.003;

/**
 * A shirt collar's fall (its ring parameter 0 at the fold over the stand, 1 at its edge on the yoke): the roll's shade
 * along the fold, its edge a folded edge's shadow, topstitched `edgeStitchM` in from it, as the picture stitches it.
 */
export function collarTint(edgeStitchM: number): TintAt {
  const edge: Point3 = { x: 0, y: 0, z: 0 };
  const fold: Point3 = { x: 0, y: 0, z: 0 };
  const out = { shade: 1, trim: 0 };
  return (a, _t, p, surface) => {
    surface(a, 1, edge);
    surface(a, 0, fold);
    const fromEdgeM = Math.hypot(p.x - edge.x, p.y - edge.y, p.z - edge.z);
    const fromFoldM = Math.hypot(p.x - fold.x, p.y - fold.y, p.z - fold.z);
    const roll = Math.max(0, 1 - fromFoldM / ROLL_M);
    out.shade = Math.min(1 - roll * (1 - ROLL_SHADE), 1 - line(fromEdgeM, EDGE_HALF_WIDTH_M) * (1 - EDGE_SHADE), 1 - line(fromEdgeM - edgeStitchM, STITCH_HALF_WIDTH_M) * (1 - STITCH_SHADE));
    return out;
  };
}

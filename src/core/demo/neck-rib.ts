import type { Point3, TintAt } from './fold-map';
import { EDGE_HALF_WIDTH_M, line, STITCH_HALF_WIDTH_M, STITCH_SHADE } from './shirt-front';

/**
 * A jersey tee's neck rib in 3D (issue 14), as the 2D picture draws it (draw-sewn.ts): a band of rib knit in the
 * trim's colour round the whole neckline, a little less light (its ribs' shadows; the picture's 0.97), and the
 * coverstitch that holds its seam allowance down just below it. Without it the 3D tee's neckline was a bare cut edge
 * (the mirror clip's frame 60: plain cloth up to the neck).
 *
 * The band is the cloth within the rib's width of the body tube's last ring (the neckline, `t` = 1) in a straight
 * line, from its point at the same angle. Hung, the front's cloth rises a centimetre over the neckline before it
 * turns down into it, behind that crest as the camera sees it: measured along the cloth the rib lay there, hidden
 * (tried: no band showed on the mirror clip's frames 60 and 120); in a straight line it takes in the crest, the
 * neckline's edge the camera sees, as a rib stands up round a neck.
 */
export interface NeckRib {
  /** The rib's finished width, m (Teagan's neckband folded: 1.6 cm, draw-sewn.ts `NECK_RIB_CM`). */
  widthM: number;
  /** How far below the rib's seam its coverstitch runs, m. */
  stitchBelowM: number;
}

/** The rib's knit in the store's light: its ribs' shadows take a little light (the 2D picture's shade). */
const RIB_SHADE = 0.97;
/**
 * The rib's seam to the body, a fold of plies: its shadow as wide as shirt-front.ts's folded edges (one texel of the
 * atlas, so the texel's averaging keeps it a line), 0.6 of the light where a placket's edge takes half.
 */
const SEAM_SHADE = 0.6;

/** The rib's tint on a top's body tube (its last ring the neckline). */
export function neckRibTint(rib: NeckRib): TintAt {
  const neck: Point3 = { x: 0, y: 0, z: 0 };
  const out = { shade: 1, trim: 0 };
  return (a, _t, p, surface) => {
    surface(a, 1, neck);
    const belowM = Math.hypot(p.x - neck.x, p.y - neck.y, p.z - neck.z);
    // Inside the band its knit; on its seam a fold's shadow; then the coverstitch below it (a shirt's topstitch).
    out.trim = belowM <= rib.widthM ? 1 : 0;
    out.shade = out.trim === 1 ? RIB_SHADE : 1;
    out.shade *= 1 - (1 - SEAM_SHADE) * line(belowM - rib.widthM, EDGE_HALF_WIDTH_M);
    out.shade *= 1 - (1 - STITCH_SHADE) * line(belowM - rib.widthM - rib.stitchBelowM, STITCH_HALF_WIDTH_M);
    return out;
  };
}

import { WAIST_FROM_SHOULDER } from '../../../shared/garment';
import { CM_PER_UNIT, KNEE_X, SHOULDER_TOP_ABOVE_JOINT, TORSO, type SkirtOutline, type TopOutline, type TrousersOutline } from '../layout';
import type { Vec2 } from '../raster';
import type { DraftedDress } from './draft-dress';
import { SKIRT_PATTERNS, type DraftedSkirt } from './draft-skirt';
import { xAtY, type DraftedTrousers } from './draft-trousers';
import type { DraftedJacket } from './draft-jacket';
import type { DraftedTop } from './draft-top';

/** Body units per millimetre of pattern: the mannequin's scale. */
const UNITS_PER_MM = 1 / (CM_PER_UNIT * 10);

/**
 * Places a drafted top on the mannequin, as a "ghost mannequin" product photo shows it worn: the front's centre line
 * on the body's, its shoulder point on the top of the shoulder (the shoulder seam lies over the acromion, which is
 * `SHOULDER_TOP_ABOVE_JOINT` above the shoulder joint the pose landmarks mark), everything else at the pattern's
 * own distances from there, at the mannequin's scale. Nothing is fitted: the pattern says where neck, underarm,
 * waist and hem are.
 */
export function ghostOutline(
  draft: Pick<DraftedTop, 'frontHalf' | 'front' | 'placket' | 'back' | 'collar'> & { sleeve: DraftedTop['sleeve'] | null },
  sleeveless = false,
  /** The back's hem straight across (a jacket's: the front's cutaway below the last button is the front's alone). */
  straightBackHem = false,
): TopOutline {
  const f = draft.front;
  const u = onShoulder(f.shoulder);
  const mirror = (p: Vec2): Vec2 => [-p[0], p[1]];
  const half = draft.frontHalf.map(u);
  // The half runs CF hem → side → armhole → shoulder → neckline → CF neck: the right half mirrors it back down.
  const torso = [...half, ...half.slice(1, -1).reverse().map(mirror)];
  const nearest = (p: Vec2): number => {
    let best = 0;
    for (let i = 1; i < half.length; i++) if (Math.hypot(half[i]![0] - p[0], half[i]![1] - p[1]) < Math.hypot(half[best]![0] - p[0], half[best]![1] - p[1])) best = i;
    return best;
  };
  const shoulder = u(f.shoulder);
  const armpit = u(f.armhole);
  const iArmpit = nearest(armpit);
  const iShoulder = nearest(shoulder);
  const armhole = half.slice(Math.min(iArmpit, iShoulder), Math.max(iArmpit, iShoulder) + 1);
  if (iArmpit < iShoulder) armhole.reverse();
  const hps = u(f.hps);
  const neck = u(f.neck);
  const cfNeck = u(f.cfNeck);
  // Worn, the inside of the back neck is behind the shopper's neck: only the front's neckline shows.
  const neckline = half.slice(nearest(neck));
  const outline: TopOutline = { torso, neck, hps, shoulder, armpit, waist: u(f.waist), hem: u(f.hem), cfNeck, armhole, neckline };
  if (draft.back) {
    const toNeck = half.slice(0, nearest(neck) + 1);
    const hem = u(f.hem);
    const fromHem = straightBackHem ? [[0, hem[1]] as Vec2, ...toNeck.slice(nearest(hem))] : toNeck;
    outline.back = backOutline(draft as typeof draft & { back: NonNullable<DraftedTop['back']> }, fromHem, u);
  }
  if (!sleeveless && draft.sleeve) {
    const s = draft.sleeve;
    outline.sleeve = { foldU: s.lengthMm * UNITS_PER_MM, underarmU: (s.lengthMm - s.capMm) * UNITS_PER_MM, openingU: (s.openingMm / 2) * UNITS_PER_MM, cuffU: s.cuffMm * UNITS_PER_MM };
  }
  if (draft.placket) outline.placket = { halfWidthU: draft.placket.halfWidthMm * UNITS_PER_MM, buttonsY: draft.placket.buttonsYMm.map((y) => u([0, y])[1]) };
  return outline;
}

/**
 * The back as it hangs on the mannequin, seen from behind through the front's frame (the wearer's left at +x, as the
 * front picture has it, so the front's anchors fit): the front's outline up to its neck point (front and back meet on
 * the side and shoulder seams), then the back's own neckline from that point to the centre back. The back neckline's
 * width is scaled to meet the front's neck point (a widened crew's back and front are widened alike).
 */
function backOutline(draft: Pick<DraftedTop, 'front' | 'collar'> & { back: NonNullable<DraftedTop['back']> }, frontToNeck: Vec2[], u: (p: Vec2) => Vec2): NonNullable<TopOutline['back']> {
  const mirror = (p: Vec2): Vec2 => [-p[0], p[1]];
  const f = draft.front;
  const b = draft.back.neckline;
  const kx = f.neck[0] / Math.max(1e-9, b[0]![0]);
  const neckline = b.map(([x, y]): Vec2 => u([x * kx, f.neck[1] + y]));
  const half = [...frontToNeck, ...neckline.slice(1)];
  return {
    torso: [...half, ...half.slice(1, -1).reverse().map(mirror)],
    neckline,
    ...(draft.back.yokeMm !== undefined ? { yokeY: u([0, f.neck[1] + draft.back.yokeMm])[1] } : {}),
    ...(draft.collar ? { collar: { standU: draft.collar.standMm * UNITS_PER_MM, fallU: draft.collar.fallMm * UNITS_PER_MM } } : {}),
  };
}

/** Pattern mm → mannequin units for a front whose shoulder point `shoulder` lies on the top of the shoulder. */
function onShoulder(shoulder: Vec2): (p: Vec2) => Vec2 {
  const y0 = -TORSO - SHOULDER_TOP_ABOVE_JOINT;
  return (p) => [p[0] * UNITS_PER_MM, (p[1] - shoulder[1]) * UNITS_PER_MM + y0];
}

/**
 * Places a drafted dress on the mannequin as a top is placed (its shoulder point on the top of the shoulder, the rest
 * at the pattern's own distances): its bodice, short sleeves and skirt are one front, the waist seam where the
 * bodice's length puts it (not moved to the mannequin's waist: the mirror draws the dress at its true size from the
 * shoulders down, so the seam lands on the wearer where the pattern says).
 */
export function dressGhostOutline(draft: DraftedDress): TopOutline {
  const u = onShoulder(draft.front.shoulder);
  return {
    ...ghostOutline(draft, draft.sleeve === null),
    dress: { waistSeamY: u([0, draft.waistSeamY])[1], seat: u(draft.front.hips), darts: draft.darts.map(([a, b]) => [u(a), u(b)]) },
  };
}

/**
 * Places a drafted jacket on the mannequin as a top (see `ghostOutline`), with its made-up details (lapels, collar,
 * pockets, yoke, band, buttons) carried to the mannequin's units, both sides.
 */
export function jacketGhostOutline(draft: DraftedJacket): TopOutline {
  const outline = ghostOutline(draft, false, true);
  const u = onShoulder(draft.front.shoulder);
  const both = <T>(mirrored: boolean, map: (m: (p: Vec2) => Vec2) => T): T[] => (mirrored ? [map(u), map((p) => u([-p[0], p[1]]))] : [map(u)]);
  const d = draft.details;
  if (outline.sleeve) outline.sleeve.wornBicepsHalfU = (draft.sleeve.bicepsMm / (2 * Math.PI)) * UNITS_PER_MM;
  outline.jacket = {
    style: draft.style,
    patches: d.patches.flatMap((x) => both(x.mirrored, (m) => ({ name: x.name, polygon: x.polygon.map(m), tone: x.tone }))),
    seams: d.seams.flatMap((x) => both(x.mirrored, (m) => x.line.map(m))),
    stitches: d.stitches.flatMap((x) => both(x.mirrored, (m) => x.line.map(m))),
    buttons: d.buttons.flatMap((x) => both(x.mirrored, (m) => ({ at: m(x.at), diameter: x.diameterMm * UNITS_PER_MM }))),
  };
  return outline;
}

/**
 * Places a drafted skirt on the mannequin as worn: its centre-front waist seam at the body's natural waist (where
 * every garment's waist anchor lies, `WAIST_FROM_SHOULDER` of the way from shoulder to hip joint), the centre
 * front on the body's, the waistband above the seam and everything else at the pattern's own distances.
 */
export function skirtGhostOutline(draft: DraftedSkirt): SkirtOutline {
  const f = draft.front;
  const waistY = -TORSO * (1 - WAIST_FROM_SHOULDER);
  const u = (p: Vec2): Vec2 => [p[0] * UNITS_PER_MM, p[1] * UNITS_PER_MM + waistY];
  const mirror = (p: Vec2): Vec2 => [-p[0], p[1]];
  const bandU = draft.waistbandMm * UNITS_PER_MM;
  const waist = u(f.waist);
  const bandTop: Vec2 = [waist[0], waist[1] - bandU];
  // The half runs CF hem → side hem → side seam → side waist; the band sits on the waist seam, then back to the CF.
  const seam = draft.frontHalf.slice(0, -1).map(u);
  const half: Vec2[] = [...seam, bandTop, [0, waistY - bandU]];
  return {
    skirt: [...half, ...half.slice(1, -1).reverse().map(mirror)],
    bandTop,
    waist,
    waistSeamY: waistY,
    seat: u(f.seat),
    hem: u(f.hem),
    cfHem: u(f.cfHem),
    // The half's hem runs from the centre-front hem to the side's (the sewn front starts there).
    hemLine: draft.frontHalf.slice(0, draft.frontHalf.findIndex((q) => q[0] === f.hem[0] && q[1] === f.hem[1]) + 1).map(u),
    darts: draft.frontDarts.map(([a, b]) => [u(a), u(b)]),
    backDarts: draft.backDarts.map(([a, b]) => [u(a), u(b)]),
    ...(draft.ventMm !== undefined ? { ventTopY: u([0, draft.front.cfHem[1] - draft.ventMm])[1] } : {}),
    flared: SKIRT_PATTERNS[draft.pattern].aLine,
    // Each knife pleat's fold on the front, wearer's left: k faces out from the centre front at the waist (the face
    // the waist gives it) and at the seat line, where its stitching ends, then straight down to the hem.
    pleats: pleatFolds(draft).map(([w, st, h]) => [u(w), u(st), u(h)]),
  };
}

function pleatFolds(draft: DraftedSkirt): Array<[Vec2, Vec2, Vec2]> {
  const p = draft.pleats;
  if (!p) return [];
  const folds: Array<[Vec2, Vec2, Vec2]> = [];
  for (let k = 1; k * p.faceMm < draft.front.seat[0] - p.faceMm / 3; k++) {
    folds.push([[k * p.faceAtWaistMm, 0], [k * p.faceMm, p.stitchedToMm], [k * p.faceMm, draft.front.cfHem[1]]]);
  }
  return folds;
}

/**
 * Places drafted trousers on the mannequin as worn, seen from the front: the pattern's seat line (the fullest girth
 * round the buttocks, level with the greater trochanters) on the hip joints the pose landmarks mark — where the 2D
 * rig measures a bottom's hip — and the band sewn above the lowered waist seam. Above the crotch
 * the front lies with its centre-front seam on the body's centre line and its side seam the pattern's width out.
 * Each leg hangs with its grainline (Titan's crease line, the leg's middle) on the mannequin's knee, so the knee and
 * hem are the pattern's widths centred on the leg; between the crotch and the knee the leg moves from one to the
 * other. The crotch extension (the front's part past the centre-front line, which wraps between the legs) is not
 * seen from the front: at the fork it is all hidden, at the knee none of it, linearly between, so the inner edge runs
 * from the crotch point on the centre line down to the inseam.
 */
export function trousersGhostOutline(draft: DraftedTrousers): TrousersOutline {
  const p = draft.points;
  const seatY = p.seatOut[1];
  const kneeXMm = KNEE_X / UNITS_PER_MM;
  // The centre-front seam's straight part, extended: where the body's centre line lies on the pattern.
  const cfX = (y: number): number => p.waistIn[0] + ((y - p.waistIn[1]) * (p.crotchCurveStart[0] - p.waistIn[0])) / (p.crotchCurveStart[1] - p.waistIn[1]);
  const forkY = p.fork[1];
  const kneeY = p.knee[1];
  const extensionMm = p.fork[0] - cfX(forkY);
  const t = (y: number): number => Math.min(1, Math.max(0, (y - forkY) / (kneeY - forkY)));
  // The pattern's x of the worn centre line at height y (the worn x of a point is this less its own x).
  const origin = (y: number): number => (y <= forkY ? cfX(y) : cfX(forkY) + (kneeXMm + p.knee[0] - cfX(forkY)) * t(y));
  const u = (x: number, y: number): Vec2 => [x * UNITS_PER_MM, (y - seatY) * UNITS_PER_MM];
  const outer = (q: Vec2): Vec2 => u(origin(q[1]) - q[0], q[1]);
  const inner = (q: Vec2): Vec2 => u(origin(q[1]) - q[0] + extensionMm * (1 - t(q[1])), q[1]);
  const mirror = (q: Vec2): Vec2 => [-q[0], q[1]];
  const bandMm = draft.waistbandMm;
  const waist = outer(p.waistOut);
  const bandTop: Vec2 = [waist[0], waist[1] - bandMm * UNITS_PER_MM];
  const cfBandTop = u(0, p.waistIn[1] - bandMm);
  const crotch = u(0, forkY);
  // Wearer's left half: CF band top → side → outseam down → hem → inseam up → crotch point.
  const half: Vec2[] = [cfBandTop, bandTop, ...draft.outseam.map(outer), ...draft.inseam.slice().reverse().map(inner), crotch];
  return {
    trousers: [...half, ...half.slice(1, -1).reverse().map(mirror)],
    bandTop,
    cfBandTop,
    waist,
    cfWaist: u(0, p.waistIn[1]),
    seat: u(cfX(seatY) - xAtY(draft.outseam, seatY), seatY),
    crotch,
    flyEnd: u(0, p.crotchCurveStart[1]),
    knee: u(kneeXMm, kneeY),
    // Where the seams cross the knee line (Titan's seams curve from the fork to the hem past its knee points).
    kneeOut: outer([xAtY(draft.outseam, kneeY), kneeY]),
    kneeIn: inner([xAtY(draft.inseam, kneeY), kneeY]),
    hem: u(kneeXMm, p.hem[1]),
    hemOut: outer(p.hemOut),
    hemIn: inner(p.hemIn),
    // The body's ankle: the block's floor on the grainline (below the hem of shorts).
    ankle: u(kneeXMm, p.floor[1]),
    // A pressed crease runs up the grainline from the hem to the crotch line, where the leg's middle is halfway from
    // the side seam to the crotch point.
    creaseTop: u((origin(forkY) - xAtY(draft.outseam, forkY)) / 2, forkY),
    make: draft.make,
  };
}

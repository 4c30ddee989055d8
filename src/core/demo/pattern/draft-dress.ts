import type { FsPart } from '@freesewing/core';
import { Bella } from '@freesewing/bella';
import { CIRCUMFERENCE_OF_FRONT_WIDTH } from '../../../shared/sizing';
import { quad, type Vec2 } from '../raster';
import { flatten, type DraftedTop } from './draft-top';
import type { BodyMm } from './size-run';
import { backNecklineMm } from './back-neck';

/** The FreeSewing design the demo's dresses take their bodice from (MIT, by Joost De Cock and contributors). */
export const DRESS_PATTERNS = {
  /** Bella: a womenswear bodice block with a side bust dart and a waist dart, and a set-in sleeve; a quarter-circle skirt to tea length. */
  bella: { design: Bella, front: 'bella.frontSideDart', back: 'bella.back', sleeve: 'bella.sleeve', cut: 'tea' },
  /**
   * A slip derived from Bella's front and back: the same bodice (darts closed) with its neckline lowered to a V between
   * the cups, the armhole cut away below the underarm, two narrow straps from the cups over the middle of the shoulder
   * seam; no sleeves; a bias-cut skirt, close over the seat and lightly flared, to mid-calf.
   */
  bellaSlip: { design: Bella, front: 'bella.frontSideDart', back: 'bella.back', sleeve: 'bella.sleeve', cut: 'slip' },
} as const;
export type DressPattern = keyof typeof DRESS_PATTERNS;

/** What the skirt and the short sleeve are drafted from, beyond the measurements Bella lists for the bodice. */
const DRESS_MEASUREMENTS = ['seat', 'waistToSeat', 'waistToKnee', 'waistToFloor', 'shoulderToElbow'] as const;

/**
 * Tea length: the hem a third of the way from the knee to the floor — below the knee, above mid-calf (≈ 15 cm below
 * the knee on the size-M body, whose knee is 45 cm above the floor).
 */
const TEA_HEM_OF_KNEE_TO_FLOOR = 1 / 3;
/** The skirt's flare: its panels together make a quarter of a full circle (a quarter-circle skirt, the usual tea-dress flare). */
const QUARTER_CIRCLE = 0.25;
/** The least room a skirt needs round the seat to walk and sit in, mm (a fitted skirt's ≈ 4 cm). */
const SEAT_EASE_MM = 40;
/**
 * Mid-calf (a midi slip's hem): halfway from the knee to the ankle, whose bone (the malleolus) stands ≈ 8 cm above
 * the floor (adults 7–9 cm): ≈ 18 cm below the knee on the size-M body.
 */
const MIDI_HEM_OF_KNEE_TO_ANKLE = 1 / 2;
const ANKLE_ABOVE_FLOOR_MM = 80;
/**
 * A bias-cut skirt's flare below the seat, as a share of a full circle: on the bias the cloth falls close over the
 * hips and opens gently below them (a bias midi's hem sweep is its seat girth plus ≈ 40–50 cm: an eighth circle over
 * the ≈ 54 cm from the seat to mid-calf adds 42 cm at M).
 */
const BIAS_FLARE_OF_CIRCLE = 1 / 8;
/**
 * A slip's straps: 1.5 cm wide (an adjustable satin strap, wide enough to carry its slider; spaghetti straps are
 * 0.5–1 cm, which the mirror's street-distance picture, ≈ 2 px a cm, breaks into specks), each over the middle of the
 * shoulder seam (between the neck and the shoulder point: it neither rubs the neck nor slides off the shoulder).
 */
const STRAP_WIDTH_MM = 15;
const STRAP_OF_SHOULDER_SEAM = 0.5;
/** The slip's V ends between the cups this far above the bust line (a camisole's V, not a plunge to the underbust). */
const V_ABOVE_BUST_MM = 40;
/**
 * The slip's top edge at its side seam lies this far under the underarm (a camisole's side seam stops ≈ 3 cm under
 * the armpit so its edge does not rub it; the 3D slip's, model3d.ts, does the same).
 */
const SIDE_TOP_BELOW_UNDERARM_MM = 30;
/** A short sleeve ends this share of the way from the shoulder to the elbow (the mirror's short-sleeve default, garment.ts). */
const SHORT_SLEEVE_OF_UPPER_ARM = 0.6;
/** Segments of the bodice's side seam drawn as a curve round the bust. */
const SIDE_STEPS = 12;

/**
 * One dress drafted for one body, sewn and seen from the front as worn: pattern millimetres with the high point of
 * the shoulder (HPS) at y = 0, y down, x outwards from the centre front (the front is cut on the fold).
 *
 * The bodice is Bella's front with its darts closed. Above the bust line it is the pattern as drafted (as the tops'
 * pictures are). The side bust dart, closed, lifts the side seam below it by the dart's width at the seam (≈ 9.6 cm
 * at M): the side seam runs on from the dart's upper leg, and sewn it is one smooth line from the underarm round the
 * bust in to the waist. The waist dart, closed, takes its intake out of the waist. (The side dart's own seam lies on
 * the side of the body, edge-on from the front: it is not drawn.) Below the armhole the picture carries a quarter of
 * the girth at every height — at the bust line the bust's, at the waist seam the waist's — as a tee's (front = back)
 * does: the front is cut wider than the back to wrap forward round the bust, but seen from the front the mirror
 * shows a girth at girth / CIRCUMFERENCE_OF_FRONT_WIDTH whichever piece holds it; drawn at the front piece's own
 * flat width the bodice would balloon out at the bust.
 * Worn, the waist seam is level round the body; the front's centre is longer than its side because it passes over
 * the bust, and seen from the front that extra length is foreshortened away. So the waist seam is drawn level at the
 * height the back puts it — the back hangs flat down the spine, its side waist's depth below the HPS is the body's,
 * and the side seams are sewn together — and the front below the bust line is fitted between the two.
 *
 * The skirt is drafted for the bodice (see `draftDress`), sewn to its waist seam, and hangs from it as a cone. Widths
 * are drawn as the tops' are, half the girth (the mirror shows a width at girth / CIRCUMFERENCE_OF_FRONT_WIDTH, the
 * body's cross-section) — but where the skirt leaves the body it hangs round, seen girth / π wide: from the waist to
 * the seat line its drawn width goes over to girth · CIRCUMFERENCE_OF_FRONT_WIDTH / (2π).
 */
export interface DraftedDress {
  pattern: DressPattern;
  /** Half front as worn: CF hem → hem corner → skirt side seam → side waist → bodice side seam → armhole → shoulder → neckline → CF neck. */
  frontHalf: Vec2[];
  /** Named points (wearer's left). `chest`: the side at the bust line; `waist`: the waist seam's side end; `hips`: the skirt's side at the seat line. */
  front: Record<'cfNeck' | 'neck' | 'hps' | 'shoulder' | 'armhole' | 'chest' | 'waist' | 'hips' | 'hem' | 'cfHem', Vec2>;
  /** Depth of the (level) waist seam below the HPS. */
  waistSeamY: number;
  /** The front's sewn darts seen from the front, each from where it opens to its tip: the waist dart. */
  darts: Array<[Vec2, Vec2]>;
  /** The short sleeve; null for a slip (straps, no sleeves). */
  sleeve: DraftedTop['sleeve'] | null;
  /** A slip's straps (wearer's left): each strap's outer and inner edge, from the bodice's top edge up to the shoulder seam. */
  straps?: { outer: [Vec2, Vec2]; inner: [Vec2, Vec2] };
  /** The back's neckline from the neck point to the centre back (mm: y down from the neck point, x out from the centre). */
  back: { neckline: Vec2[] };
  /**
   * The skirt: its panels' share of a full circle (below the seat for a bias-cut slip), its length waist seam → hem and
   * its hem's circumference, mm.
   */
  skirt: { flareOfCircle: number; lengthMm: number; hemMm: number };
  /**
   * Finished measurements, cm, as a size chart lists them: bust round the front and back at the bust line, waist
   * along the waist seam with the darts closed, hip round the skirt at the seat line, length HPS → hem as worn,
   * sleeve from the cap's top (none on a slip, whose length runs from its strap's top on the shoulder seam).
   */
  measurementsCm: { chest: number; waist: number; hip: number; length: number; sleeve?: number };
}

/** Drafts `pattern` for `body` (millimetres). Deterministic: FreeSewing's drafting and ours are pure arithmetic. */
export function draftDress(pattern: DressPattern, body: BodyMm): DraftedDress {
  const spec = DRESS_PATTERNS[pattern];
  // Bella drafts without a measurement it needs and logs nothing: refuse such a body here, in one line.
  const needed = [...spec.design.patternConfig.measurements, ...DRESS_MEASUREMENTS];
  const missing = needed.filter((m) => !(typeof body[m] === 'number' && Number.isFinite(body[m]) && body[m]! > 0));
  if (missing.length > 0) throw new Error(`FreeSewing ${pattern} cannot be drafted: the body lacks ${missing.join(', ')}`);
  const m = (name: (typeof needed)[number]): number => body[name]!;
  const drafted = new spec.design({ measurements: { ...body } }).draft();
  const errors = drafted.setStores[0]?.logs.error ?? [];
  if (errors.length > 0) throw new Error(`FreeSewing ${pattern} could not be drafted: ${JSON.stringify(errors[0])}`);
  const parts = drafted.parts[0]!;
  const part = (name: string): FsPart => parts[name] ?? fail(`FreeSewing ${pattern} has no part ${name}`);
  const f = part(spec.front);
  const b = part(spec.back);
  const s = part(spec.sleeve);
  const at = (p: FsPart, name: string): Vec2 => {
    const q = p.points[name] ?? fail(`FreeSewing ${pattern}: no point ${name}`);
    return [q.x, q.y];
  };
  const dist = (a: Vec2, c: Vec2): number => Math.hypot(a[0] - c[0], a[1] - c[1]);

  // Front, in our frame (Bella's front has its centre front at x = 0 already).
  const hpsY = at(f, 'hps')[1];
  const ours = (p: Vec2): Vec2 => [p[0], p[1] - hpsY];
  const cfHem = ours(at(f, 'cfHem'));
  const sideHem = ours(at(f, 'sideHem'));
  const dartTop = ours(at(f, 'bustDartTop'));
  const waistDartLeft = ours(at(f, 'waistDartLeft'));
  const waistDartRight = ours(at(f, 'waistDartRight'));
  const waistDartTip = ours(at(f, 'waistDartTip'));
  const bustY = ours(at(f, 'bust'))[1];
  // The back's heights are the body's (it hangs flat down the spine): its side waist's depth below its HPS.
  const waistY = at(b, 'waistSide')[1] - at(b, 'hps')[1];

  // Waist seam, darts closed: the front's and the back's halves along the seam less their darts' openings.
  const frontWaistMm = dist(cfHem, waistDartLeft) + dist(waistDartRight, sideHem);
  const backWaistMm = dist(at(b, 'waistCenter'), at(b, 'dartBottomLeft')) + dist(at(b, 'dartBottomRight'), at(b, 'waistSide'));
  const waistMm = 2 * (frontWaistMm + backWaistMm);
  // Bust: round the front (from its centre front) and the back (from its centre back seam) at the bust line.
  const bustMm = 2 * (at(f, 'bustSide')[0] + (at(b, 'bustSide')[0] - at(b, 'bustCenter')[0]));

  // The bodice above the bust line as drafted: Bella's seam line from the side dart's upper leg on the side seam,
  // up through the armhole, shoulder and neckline to the centre-front neck.
  const seam = flatten(f.paths.seam ?? fail(`FreeSewing ${pattern}: no seam line`)).map(ours);
  const from = seam.findIndex((p) => dist(p, dartTop) < 1e-6);
  if (from < 0) throw new Error(`FreeSewing ${pattern}: the side dart's upper leg is not on the seam line`);
  const upper = seam.slice(from);
  const cfNeck = ours(at(f, 'cfNeck'));
  if (dist(upper[upper.length - 1]!, cfNeck) > 1e-6) throw new Error(`FreeSewing ${pattern}: the seam line does not end at the centre-front neck`);

  /*
   * The skirt. A flared skirt whose panels together make a fraction `flare` of a full circle is a cone cut open: its
   * waist edge is an arc of radius r with W = 2π·flare·r (W: the bodice's waist seam it is sewn to), and at a depth t
   * below the waist its girth is 2π·flare·(r + t) = W + 2π·flare·t — it grows linearly, so its side seams are straight
   * lines (the cone's generators). It must pass over the seat with room to walk: W + 2π·flare·waistToSeat ≥ seat +
   * SEAT_EASE_MM, so flare = max(a quarter circle, (seat + ease − W) / (2π·waistToSeat)). Its front and back panels are
   * alike, each sewn to half the waist seam; the four half-panels share the growth: a quarter of the girth is
   * W / 4 + π·flare·t / 2. Length: from the waist seam (the body's waist) to tea length.
   */
  const slip = spec.cut === 'slip';
  const toSeat = m('waistToSeat');
  /*
   * A slip's skirt is cut on the bias: four gores (front and back, each cut on the fold at 45° to the grain), sewn to
   * the waist seam, their side seams straight lines out to the seat's girth plus its ease (the bias's give lets it
   * fit closer than a straight-grain skirt would, but it must still pass over the seat), and from there flaring by
   * BIAS_FLARE_OF_CIRCLE: girth S + 2π·flare·(t − waistToSeat) below the seat.
   */
  const seatGirthMm = Math.max(waistMm, m('seat') + SEAT_EASE_MM);
  const flare = slip ? BIAS_FLARE_OF_CIRCLE : Math.max(QUARTER_CIRCLE, (m('seat') + SEAT_EASE_MM - waistMm) / (2 * Math.PI * toSeat));
  const kneeToFloorMm = m('waistToFloor') - m('waistToKnee');
  const skirtMm = m('waistToKnee') + (slip ? MIDI_HEM_OF_KNEE_TO_ANKLE * (kneeToFloorMm - ANKLE_ABOVE_FLOOR_MM) : TEA_HEM_OF_KNEE_TO_FLOOR * kneeToFloorMm);
  const girthAt = (t: number): number =>
    slip
      ? t <= toSeat
        ? waistMm + ((seatGirthMm - waistMm) * t) / toSeat
        : seatGirthMm + 2 * Math.PI * flare * (t - toSeat)
      : waistMm + 2 * Math.PI * flare * t;
  const round = 1 - CIRCUMFERENCE_OF_FRONT_WIDTH / Math.PI;
  const halfAt = (t: number): number => (girthAt(t) / 4) * (1 - round * Math.min(1, t / toSeat));
  const waist: Vec2 = [waistMm / 4, waistY];
  const bust: Vec2 = [bustMm / 4, dartTop[1]];
  const seat: Vec2 = [halfAt(m('waistToSeat')), waistY + m('waistToSeat')];
  const hemY = waistY + skirtMm;
  const hem: Vec2 = [halfAt(skirtMm), hemY];
  const skirtSide: Vec2[] = [hem, ...Array.from({ length: 8 }, (_, i): Vec2 => {
    const t = m('waistToSeat') * (1 - i / 8);
    return [halfAt(t), waistY + t];
  })];
  // The side seam from the waist round the bust to the underarm: the quadratic through the three (at its middle on
  // the bust line's side point).
  const armhole = upper[1]!;
  const control: Vec2 = [2 * bust[0] - (waist[0] + armhole[0]) / 2, 2 * bust[1] - (waist[1] + armhole[1]) / 2];
  const side = quad(waist, control, armhole, SIDE_STEPS);
  const hps = ours(at(f, 'hps'));
  const shoulderPt = ours(at(f, 'shoulder'));
  let frontHalf: Vec2[] = [[0, hemY], ...skirtSide, waist, ...side.slice(0, -1), ...upper.slice(1)];
  let cfTop = cfNeck;
  let neckPt = hps;
  let underarm = ours(at(f, 'armhole'));
  let straps: DraftedDress['straps'];
  let lengthFromMm = 0;
  // Bella's back neckline as drafted (≈ 2 cm deep at the centre back).
  let backNeckline = backNecklineMm(b, flatten(b.paths.seam ?? fail(`FreeSewing ${pattern}: the back has no seam line`)), 'hps', `${pattern} ${spec.back}`);
  if (slip) {
    /*
     * The slip's bodice: Bella's front below a new top edge. At the side seam the edge lies SIDE_TOP_BELOW_UNDERARM_MM
     * under the underarm (the side seam is cut there); it rises straight to the strap, level with the underarm, and
     * falls straight from the strap's inner edge into the V between the cups at the centre front. Each strap runs
     * straight up from the edge to the shoulder seam, centred on its middle.
     */
    const sideTopY = armhole[1] + SIDE_TOP_BELOW_UNDERARM_MM;
    const cut = side.findIndex((p) => p[1] <= sideTopY);
    if (cut < 1) throw new Error(`FreeSewing ${pattern}: the side seam does not reach ${SIDE_TOP_BELOW_UNDERARM_MM} mm under the underarm`);
    const [p0, p1] = [side[cut - 1]!, side[cut]!];
    const k = (p0[1] - sideTopY) / (p0[1] - p1[1]);
    const sideTop: Vec2 = [p0[0] + k * (p1[0] - p0[0]), sideTopY];
    const onShoulderSeam = (x: number): Vec2 => [x, hps[1] + ((shoulderPt[1] - hps[1]) * (x - hps[0])) / (shoulderPt[0] - hps[0])];
    const strapX = hps[0] + STRAP_OF_SHOULDER_SEAM * (shoulderPt[0] - hps[0]);
    const baseY = armhole[1];
    const outerTop = onShoulderSeam(strapX + STRAP_WIDTH_MM / 2);
    const innerTop = onShoulderSeam(strapX - STRAP_WIDTH_MM / 2);
    const outerBase: Vec2 = [outerTop[0], baseY];
    const innerBase: Vec2 = [innerTop[0], baseY];
    const v: Vec2 = [0, bustY - V_ABOVE_BUST_MM];
    if (!(v[1] > baseY)) throw new Error(`FreeSewing ${pattern}: the V (${v[1].toFixed(0)} mm) is not below the strap (${baseY.toFixed(0)} mm)`);
    frontHalf = [[0, hemY], ...skirtSide, waist, ...side.slice(0, cut), sideTop, outerBase, outerTop, innerTop, innerBase, v];
    straps = { outer: [outerBase, outerTop], inner: [innerBase, innerTop] };
    cfTop = v;
    neckPt = innerTop;
    // A slip's back is cut straight across between its straps' bases (no V: the V is the front's, shaped by the cups).
    backNeckline = [[innerTop[0], 0], [innerBase[0], innerBase[1] - innerTop[1]], [0, innerBase[1] - innerTop[1]]];
    underarm = sideTop;
    lengthFromMm = onShoulderSeam(strapX)[1];
  }

  // Below the bust line the front's centre is fitted to the level waist seam: its heights scale by this much.
  const below = (waistY - bustY) / (cfHem[1] - bustY);
  const fitted = (p: Vec2): Vec2 => (p[1] <= bustY ? p : [p[0], bustY + (p[1] - bustY) * below]);
  // The waist dart closed: a seam along its leg nearer the centre front, from the waist seam to its tip.
  const darts: Array<[Vec2, Vec2]> = [[[waistDartLeft[0], waistY], fitted(waistDartTip)]];

  // The sleeve: Bella's set-in sleeve (cap to wrist) cut short; its width tapers linearly from the biceps to the wrist.
  const sleeveTop = at(s, 'sleeveTop');
  const bicepsL = at(s, 'bicepsLeft');
  const bicepsR = at(s, 'bicepsRight');
  const wristL = at(s, 'wristLeft');
  const wristR = at(s, 'wristRight');
  const capMm = bicepsL[1] - sleeveTop[1];
  const bicepsMm = bicepsR[0] - bicepsL[0];
  const lengthMm = SHORT_SLEEVE_OF_UPPER_ARM * m('shoulderToElbow');
  const underarmMm = lengthMm - capMm;
  if (underarmMm <= 0) throw new Error(`FreeSewing ${pattern}: a short sleeve of ${lengthMm.toFixed(0)} mm ends inside its ${capMm.toFixed(0)} mm cap`);
  const openingMm = bicepsMm + ((wristR[0] - wristL[0] - bicepsMm) * underarmMm) / (wristL[1] - bicepsL[1]);

  return {
    pattern,
    frontHalf,
    front: {
      cfNeck: cfTop,
      // Bella's neckline meets the shoulder seam at the HPS; a slip's neckline runs up the strap's inner edge.
      neck: neckPt,
      hps,
      shoulder: shoulderPt,
      armhole: underarm,
      chest: bust,
      waist,
      hips: seat,
      hem,
      cfHem: [0, hemY],
    },
    waistSeamY: waistY,
    darts,
    sleeve: slip ? null : { lengthMm, capMm, bicepsMm, openingMm, cuffMm: 0 },
    ...(straps ? { straps } : {}),
    back: { neckline: backNeckline },
    skirt: { flareOfCircle: flare, lengthMm: skirtMm, hemMm: girthAt(skirtMm) },
    measurementsCm: {
      chest: bustMm / 10,
      waist: waistMm / 10,
      hip: girthAt(toSeat) / 10,
      length: (hemY - lengthFromMm) / 10,
      ...(slip ? {} : { sleeve: lengthMm / 10 }),
    },
  };
}

function fail(message: string): never {
  throw new Error(message);
}

import {
  GARMENT_ANCHORS,
  GARMENT_CATEGORIES,
  GARMENT_FORMAT_VERSION,
  type GarmentAnchorName,
  type GarmentAsset,
  type GarmentCategory,
  type GarmentPart,
} from './garment';

/**
 * A store's garment is an image plus named anchor points (what the catalog stores, the feed carries and the
 * admin's anchor editor edits). This derives the fitting parts — which region of the image is the torso, which a
 * sleeve or trouser leg — from the anchors alone, so the same rules serve every garment however it was made.
 *
 * Proportions below were taken from hand-laid demo garments: a torso region reaches 20 % of the shoulder width
 * beyond the shoulders; a sleeve is about half the shoulder width across near the shoulder; and so on.
 */
const TORSO_SIDE_MARGIN_OF_SHOULDERS = 0.2;
const SKIRT_SIDE_MARGIN_OF_HEM = 0.3;
/**
 * A flared skirt's hem anchors are its side corners; its hem dips below them towards the centre (an A-line's spread
 * pattern lifts the side's hem corner by its distance from the slash × sin of the closed dart's angle: ≈ 4 % of the
 * hem's width). The region reaches that far below the lower corner.
 */
const SKIRT_HEM_DIP_OF_HEM = 0.05;
/**
 * A skirt's or trousers' waist anchors may lie on the waist seam with the band sewn above them: a straight band is up
 * to ≈ 4.5 cm deep, 12 % of the ≈ 37 cm a size M's front waist spans. The region reaches that far above the anchors.
 * (Trousers' regions reached 2.5 % of the picture above them, and the demo trousers' bands, rising 18 px above their
 * waist anchors at the centre front, were cut by the region's straight top edge.)
 */
const BAND_OF_WAIST = 0.12;
const UPPER_SLEEVE_HALF_WIDTH_OF_SHOULDERS = 0.27;
const LOWER_SLEEVE_HALF_WIDTH_OF_SHOULDERS = 0.21;
const THIGH_HALF_WIDTH_OF_HIPS = 0.5;
const SHIN_HALF_WIDTH_OF_HIPS = 0.42;
/**
 * A sleeve's strip starts this fraction of its first segment before the shoulder anchor, so it holds the sleeve's
 * cap up to the shoulder point: the torso draws only its own cloth, inside the armhole (the rig cuts each at the
 * vertical through the shoulder anchor: `sleeveClothInside`), and the sleeve's cloth past it goes with the arm.
 */
const SLEEVE_START = -0.3;
/** How far a sleeve reaches past its cuff anchor, as a fraction of its last segment (the cuff's own band). */
const LONG_SLEEVE_END = 0.18;
const SHORT_SLEEVE_END = 0.25;
/** A trouser leg starts a little above the hip joint (under the pelvis) and ends just below the ankle anchor. */
const LEG_START = -0.03;
const LEG_END = 0.09;

type Pt = readonly [number, number];

export interface AnchoredGarmentInput {
  id: string;
  /** The image's file name or sha256 (resolved against the asset store by the renderer). */
  imageFile: string;
  widthPx: number;
  heightPx: number;
  /** Anchor points normalised to the image (0..1, origin top-left), snake_case or camelCase names. */
  anchors: Readonly<Record<string, readonly [number, number]>>;
  /** Catalog category, used when it names a garment kind; otherwise the kind is inferred from the anchors. */
  category?: string;
}

export class GarmentAnchorsError extends Error {
  override name = 'GarmentAnchorsError';
}

/** `left_shoulder` → `leftShoulder`. */
function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** The garment kind a set of anchors describes, when the catalog category does not say. */
export function inferGarmentCategory(anchors: ReadonlySet<string>, category?: string): GarmentCategory {
  if (category && (GARMENT_CATEGORIES as readonly string[]).includes(category)) return category as GarmentCategory;
  if (anchors.has('leftAnkle')) return 'trousers';
  if (!anchors.has('neck')) return 'skirt';
  if (anchors.has('leftHip')) return 'dress';
  if (anchors.has('leftElbow')) return 'shirt';
  return 'tshirt';
}

const sub = (a: Pt, b: Pt): [number, number] => [a[0] - b[0], a[1] - b[1]];
const add = (a: Pt, b: Pt, k = 1): [number, number] => [a[0] + b[0] * k, a[1] + b[1] * k];

/**
 * A limb strip's quad (corners 0, 3 at its start, 1, 2 at its end; see GarmentPart) along `a → b (→ c)`: it starts
 * `start` × |ab| past `a` and ends `end` × the last segment past the last anchor, `startHalfPx` and `endHalfPx` wide
 * each side.
 */
function limbQuad(a: Pt, b: Pt | null, c: Pt, start: number, end: number, startHalfPx: number, endHalfPx: number): GarmentPart['quadPx'] {
  const first = b ?? c;
  const last = b ?? a;
  const d0 = sub(first, a);
  const d1 = sub(c, last);
  const n0: Pt = [-d0[1] / (Math.hypot(d0[0], d0[1]) || 1), d0[0] / (Math.hypot(d0[0], d0[1]) || 1)];
  const n1: Pt = [-d1[1] / (Math.hypot(d1[0], d1[1]) || 1), d1[0] / (Math.hypot(d1[0], d1[1]) || 1)];
  const p0 = add(a, d0, start);
  const p1 = add(c, d1, end);
  return [add(p0, n0, startHalfPx), add(p1, n1, endHalfPx), add(p1, n1, -endHalfPx), add(p0, n0, -startHalfPx)];
}

/** Trapezoid from a top span to a bottom span, widened by margins. */
function trapezoid(topY: number, topX0: number, topX1: number, bottomY: number, bottomX0: number, bottomX1: number): GarmentPart['quadPx'] {
  return [
    [topX0, topY],
    [topX1, topY],
    [bottomX1, bottomY],
    [bottomX0, bottomY],
  ];
}

/**
 * Builds a complete garment descriptor from anchors. Throws `GarmentAnchorsError` naming what is missing when the
 * anchors cannot describe a garment (e.g. a shirt without shoulders).
 */
export function garmentFromAnchors(input: AnchoredGarmentInput): GarmentAsset {
  const { widthPx: W, heightPx: H } = input;
  const px: Partial<Record<GarmentAnchorName, [number, number]>> = {};
  for (const [raw, [x, y]] of Object.entries(input.anchors)) {
    const name = camel(raw) as GarmentAnchorName;
    if (!(GARMENT_ANCHORS as readonly string[]).includes(name)) throw new GarmentAnchorsError(`unknown anchor "${raw}"`);
    if (!(x >= -0.5 && x <= 1.5 && y >= -0.5 && y <= 1.5)) throw new GarmentAnchorsError(`anchor "${raw}" is far outside the image`);
    px[name] = [x * W, y * H];
  }
  const category = inferGarmentCategory(new Set(Object.keys(px)), input.category);
  const need = <const N extends readonly GarmentAnchorName[]>(...names: N): { [K in keyof N]: [number, number] } =>
    names.map((n) => {
      const p = px[n];
      if (!p) throw new GarmentAnchorsError(`a ${category} needs the ${n} anchor`);
      return p;
    }) as { [K in keyof N]: [number, number] };
  const clampQuad = (q: GarmentPart['quadPx']): GarmentPart['quadPx'] =>
    q.map(([x, y]) => [Math.min(W, Math.max(0, x)), Math.min(H, Math.max(0, y))]) as unknown as GarmentPart['quadPx'];
  const parts: GarmentPart[] = [];
  const has = (n: GarmentAnchorName): boolean => px[n] !== undefined;
  const pad = 0.025 * Math.max(W, H);
  /** The top of a bottom's region: above its waist anchors by its waistband's depth (see BAND_OF_WAIST). */
  const bandTopY = (lw: Pt, rw: Pt): number => Math.min(lw[1], rw[1]) - Math.max(pad, BAND_OF_WAIST * Math.abs(lw[0] - rw[0]));

  if (category === 'trousers') {
    const [lw, rw, lh, rh, lk, rk, la, ra] = need('leftWaist', 'rightWaist', 'leftHip', 'rightHip', 'leftKnee', 'rightKnee', 'leftAnkle', 'rightAnkle');
    const hipW = Math.abs(lh[0] - rh[0]);
    const margin = 0.47 * Math.abs(lw[0] - rw[0]);
    const x0 = Math.min(lw[0], rw[0]) - margin;
    const x1 = Math.max(lw[0], rw[0]) + margin;
    parts.push({ name: 'pelvis', mapping: 'tps', anchors: ['leftWaist', 'rightWaist', 'leftHip', 'rightHip'], quadPx: clampQuad(trapezoid(bandTopY(lw, rw), x0, x1, Math.max(lh[1], rh[1]) + 1.5 * pad, x0, x1)), z: 0 });
    for (const [side, hip, knee, ankle] of [['left', lh, lk, la], ['right', rh, rk, ra]] as const) {
      // One strip hip → knee → ankle (it bends at the knee without a seam), from a little above the hip joint (under
      // the pelvis) to the hem just below the ankle anchor.
      const quad = limbQuad(hip, knee, ankle, LEG_START, LEG_END, THIGH_HALF_WIDTH_OF_HIPS * hipW, SHIN_HALF_WIDTH_OF_HIPS * hipW);
      parts.push({ name: `${side}Leg`, mapping: 'limb', anchors: [`${side}Hip`, `${side}Knee`, `${side}Ankle`], quadPx: clampQuad(quad), z: -1 });
    }
  } else if (category === 'skirt') {
    const [lw, rw, lhem, rhem] = need('leftWaist', 'rightWaist', 'leftHem', 'rightHem');
    need('leftHip', 'rightHip');
    // A pleated or full skirt flares past its hem anchors; at least as far as the waistband past the waist.
    const hemMargin = Math.max(SKIRT_SIDE_MARGIN_OF_HEM * Math.abs(lhem[0] - rhem[0]), 0.55 * Math.abs(lw[0] - rw[0]));
    // A waistband is wider than the hip joints it is anchored to; below it the skirt widens over the hips to at least
    // its hem's width (a straight or pleated skirt hangs straight from the hip to the hem corners): the region is as
    // wide at the top as at the hem, so the hips' curve between them lies inside it.
    const topMargin = Math.max(0.45 * Math.abs(lw[0] - rw[0]), (Math.abs(lhem[0] - rhem[0]) + 2 * hemMargin - Math.abs(lw[0] - rw[0])) / 2);
    parts.push({
      name: 'skirt',
      mapping: 'tps',
      anchors: ['leftWaist', 'rightWaist', 'leftHip', 'rightHip', 'leftHem', 'rightHem'],
      quadPx: clampQuad(trapezoid(bandTopY(lw, rw), Math.min(lw[0], rw[0]) - topMargin, Math.max(lw[0], rw[0]) + topMargin, Math.max(lhem[1], rhem[1]) + pad + SKIRT_HEM_DIP_OF_HEM * Math.abs(lhem[0] - rhem[0]), Math.min(lhem[0], rhem[0]) - hemMargin, Math.max(lhem[0], rhem[0]) + hemMargin)),
      z: 0,
    });
  } else {
    const [, ls, rs] = need('neck', 'leftShoulder', 'rightShoulder');
    const shoulderW = Math.abs(ls[0] - rs[0]);
    const torsoAnchors = (['neck', 'leftShoulder', 'rightShoulder', 'leftWaist', 'rightWaist', 'leftHip', 'rightHip', 'leftHem', 'rightHem'] as const).filter(has);
    if (torsoAnchors.length < 5) throw new GarmentAnchorsError(`a ${category} needs waist or hem anchors below the shoulders`);
    const bottom = torsoAnchors.map((n) => px[n]!).reduce((a, p) => (p[1] > a[1] ? p : a));
    const bottomPair = (['leftHem', 'rightHem'] as const).every(has) ? [px.leftHem!, px.rightHem!] : (['leftHip', 'rightHip'] as const).every(has) ? [px.leftHip!, px.rightHip!] : [px.leftWaist!, px.rightWaist!];
    const topMargin = TORSO_SIDE_MARGIN_OF_SHOULDERS * shoulderW;
    const bottomSpan = Math.abs(bottomPair[0]![0] - bottomPair[1]![0]);
    const bottomMargin = Math.max(topMargin, (category === 'dress' ? SKIRT_SIDE_MARGIN_OF_HEM : TORSO_SIDE_MARGIN_OF_SHOULDERS) * bottomSpan);
    // The bottom edge is at least as wide as the shoulders: a shirt's body hangs straight down.
    const bottomX0 = Math.min(bottomPair[0]![0], bottomPair[1]![0], ls[0], rs[0]);
    const bottomX1 = Math.max(bottomPair[0]![0], bottomPair[1]![0], ls[0], rs[0]);
    parts.push({
      name: 'torso',
      mapping: 'tps',
      anchors: [...torsoAnchors],
      // From the picture's top edge: the shoulder line rises from the shoulder anchors to the high point of the
      // shoulder beside the neck, and a collar stands higher still — both are the torso's, above every anchor.
      quadPx: clampQuad(trapezoid(0, Math.min(ls[0], rs[0]) - topMargin, Math.max(ls[0], rs[0]) + topMargin, bottom[1] + pad, bottomX0 - bottomMargin, bottomX1 + bottomMargin)),
      z: 0,
    });
    for (const side of ['left', 'right'] as const) {
      const shoulder = side === 'left' ? ls : rs;
      const cuff = px[`${side}Cuff`];
      if (!cuff) continue;
      const elbow = px[`${side}Elbow`];
      // One strip per sleeve, shoulder → (elbow →) cuff: it bends at the elbow without a seam; the rig draws the part
      // past the elbow over the shopper's forearm.
      const upperHalf = UPPER_SLEEVE_HALF_WIDTH_OF_SHOULDERS * shoulderW;
      const quad = elbow
        ? limbQuad(shoulder, elbow, cuff, SLEEVE_START, LONG_SLEEVE_END, upperHalf, LOWER_SLEEVE_HALF_WIDTH_OF_SHOULDERS * shoulderW)
        : limbQuad(shoulder, null, cuff, SLEEVE_START, SHORT_SLEEVE_END, upperHalf, upperHalf);
      parts.push({ name: `${side}Sleeve`, mapping: 'limb', anchors: elbow ? [`${side}Shoulder`, `${side}Elbow`, `${side}Cuff`] : [`${side}Shoulder`, `${side}Cuff`], quadPx: clampQuad(quad), z: -1 });
    }
  }

  return {
    formatVersion: GARMENT_FORMAT_VERSION,
    id: input.id,
    category,
    image: { file: input.imageFile, widthPx: W, heightPx: H },
    anchorsPx: px,
    parts,
    colours: { name: '', primary: '#000000', secondary: '#000000' },
  };
}

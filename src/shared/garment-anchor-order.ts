import { GARMENT_ANCHORS, type GarmentAnchorName } from './garment';

/**
 * Whether a garment's anchors are in a body's order: the neck above the shoulders, each side top to bottom
 * (shoulder → waist → hip → hem, waist → hip → knee → ankle), left and right not crossed, sleeves outside the torso.
 * `garmentFromAnchors` only checks that the anchors it needs exist; a neck dragged below the hem still "fits" there
 * and is drawn upside down on the shopper. The admin's anchor editor shows these problems as the dots move and the
 * server refuses to save a garment that has any.
 *
 * Convention (as the demo garments and the anchor suggestion): the picture shows the garment from the front, so the
 * wearer's left is on the picture's right — every `left*` anchor lies right of its `right*` twin.
 */

/** What is wrong, as a code the admin screen words in the staff member's language. */
export type AnchorProblemKind = 'above' | 'crossed' | 'neckBetween' | 'sleeveInside';

export interface AnchorProblem {
  kind: AnchorProblemKind;
  /**
   * The anchors involved (camelCase): `above` — [upper, lower] (upper must be above lower); `crossed` — [left, right];
   * `neckBetween` — [neck]; `sleeveInside` — [the sleeve's elbow or cuff].
   */
  anchors: readonly GarmentAnchorName[];
  /** One English sentence for logs and the API's error. */
  message: string;
}

type Side = 'left' | 'right';
/** Each side's anchors from the top down, along the body and along the legs. */
const BODY_CHAIN = ['Shoulder', 'Waist', 'Hip', 'Hem'] as const;
const LEG_CHAIN = ['Waist', 'Hip', 'Knee', 'Ankle'] as const;
const PAIRED = ['Shoulder', 'Elbow', 'Cuff', 'Waist', 'Hip', 'Hem', 'Knee', 'Ankle'] as const;
const SLEEVE = ['Elbow', 'Cuff'] as const;

/** `leftShoulder` → `left shoulder`. */
export function anchorWords(name: GarmentAnchorName): string {
  return name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}

/** `left_shoulder` or `leftShoulder` → `leftShoulder`; null for a name that is not an anchor. */
function anchorName(raw: string): GarmentAnchorName | null {
  const name = raw.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
  return (GARMENT_ANCHORS as readonly string[]).includes(name) ? (name as GarmentAnchorName) : null;
}

/**
 * Problems of `anchors` (normalised to the image, 0..1 from the top-left; snake_case or camelCase names), in the
 * order a person would fix them; empty when the garment is in a body's order. Unknown names are ignored here
 * (`garmentFromAnchors` refuses them). Pure.
 */
export function anchorOrderProblems(anchors: Readonly<Record<string, readonly [number, number]>>): AnchorProblem[] {
  const at = new Map<GarmentAnchorName, readonly [number, number]>();
  for (const [raw, p] of Object.entries(anchors)) {
    const name = anchorName(raw);
    if (name) at.set(name, p);
  }
  const problems: AnchorProblem[] = [];
  const above = (upper: GarmentAnchorName, lower: GarmentAnchorName): void => {
    const u = at.get(upper);
    const l = at.get(lower);
    if (u && l && !(u[1] < l[1])) problems.push({ kind: 'above', anchors: [upper, lower], message: `the ${anchorWords(upper)} must be above the ${anchorWords(lower)}` });
  };

  // Top to bottom: the neck above both shoulders, then each side's chain (neighbours present, skipping absent ones).
  above('neck', 'leftShoulder');
  above('neck', 'rightShoulder');
  for (const side of ['left', 'right'] as const) {
    for (const chain of [BODY_CHAIN, LEG_CHAIN]) {
      const present = chain.map((part) => `${side}${part}` as GarmentAnchorName).filter((n) => at.has(n));
      for (let i = 1; i < present.length; i++) above(present[i - 1]!, present[i]!);
    }
  }

  // Left and right: every left anchor right of its twin in the picture, and the neck between the shoulders.
  for (const part of PAIRED) {
    const l = at.get(`left${part}`);
    const r = at.get(`right${part}`);
    if (l && r && !(l[0] > r[0])) {
      problems.push({
        kind: 'crossed',
        anchors: [`left${part}`, `right${part}`],
        message: `left and right ${part.toLowerCase()}s are swapped: seen from the front, the wearer's left ${part.toLowerCase()} is on the right of the picture`,
      });
    }
  }
  const neck = at.get('neck');
  const ls = at.get('leftShoulder');
  const rs = at.get('rightShoulder');
  if (neck && ls && rs && ls[0] > rs[0] && !(neck[0] > rs[0] && neck[0] < ls[0])) {
    problems.push({ kind: 'neckBetween', anchors: ['neck'], message: 'the neck must be between the shoulders' });
  }

  // Sleeves: elbow and cuff outside the torso's side at their height (the side through shoulder, waist, hip, hem).
  for (const side of ['left', 'right'] as const) {
    const edge = BODY_CHAIN.map((part) => at.get(`${side}${part}`)).filter((p): p is readonly [number, number] => p !== undefined);
    if (edge.length === 0) continue;
    for (const part of SLEEVE) {
      const name: GarmentAnchorName = `${side}${part}`;
      const p = at.get(name);
      if (p && !outside(side, p, edge)) problems.push({ kind: 'sleeveInside', anchors: [name], message: `the ${anchorWords(name)} must be outside the body of the garment` });
    }
  }
  return problems;
}

/** True when `p` lies beyond the torso's `side` edge at its height (the edge polyline, held level past its ends). */
function outside(side: Side, p: readonly [number, number], edge: ReadonlyArray<readonly [number, number]>): boolean {
  const pts = [...edge].sort((a, b) => a[1] - b[1]);
  let edgeX = pts[0]![0];
  if (p[1] >= pts.at(-1)![1]) edgeX = pts.at(-1)![0];
  else {
    for (let i = 1; i < pts.length; i++) {
      const a = pts[i - 1]!;
      const b = pts[i]!;
      if (p[1] >= a[1] && p[1] <= b[1]) {
        edgeX = b[1] === a[1] ? (side === 'left' ? Math.max(a[0], b[0]) : Math.min(a[0], b[0])) : a[0] + ((p[1] - a[1]) / (b[1] - a[1])) * (b[0] - a[0]);
        break;
      }
    }
  }
  return side === 'left' ? p[0] > edgeX : p[0] < edgeX;
}

/** The problems as one sentence: `the neck must be above the left shoulder; …` (empty string when none). */
export function describeAnchorProblems(problems: readonly AnchorProblem[]): string {
  return problems.map((p) => p.message).join('; ');
}

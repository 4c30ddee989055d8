import { crc32, deflateSync } from 'node:zlib';

/**
 * The fold normal map of a demo 3D garment (issue 14 point 3): the creases a garment is made and worn with, at the
 * scale of a fold (1–10 cm) — far above the weave the renderer's fabric maps draw and far below the mesh's 4 cm
 * rings. Each tube of cloth (a leg, the body, a sleeve) gets a rectangle of one texture atlas: x round the tube
 * (its vertices' angle, 0 → 2π), y along it (its rings, first → last); a fold is a height above the cloth (metres)
 * at a point of the bind pose, turned into a tangent-space normal by finite differences over the surface's own
 * metres, so a crease keeps its width wherever the tube is wide or narrow. Deterministic: integer maths where it
 * matters, no randomness, PNG by node's zlib; the same garment gives the same bytes.
 */

/** Texels per metre of cloth (2.5 mm each: a 1 cm crease is 8 texels across). */
export const FOLD_TEXELS_PER_M = 400;
/** The atlas's side, texels (square: the renderer's tangent frame sees u and v at the same scale). */
export const FOLD_ATLAS_PX = 1024;
/** A flat block at the atlas's origin for cloth with no folds (a collar, a strap): its uv. */
const FLAT_BLOCK_PX = 8;
export const FLAT_UV: readonly [number, number] = [FLAT_BLOCK_PX / 2 / FOLD_ATLAS_PX, FLAT_BLOCK_PX / 2 / FOLD_ATLAS_PX];

export interface Point3 {
  x: number;
  y: number;
  z: number;
}

/** A tube's surface: the bind-pose point at angle `a` (radians) and ring parameter `t` (0 first ring … 1 last). */
export type TubeSurface = (a: number, t: number, out: Point3) => Point3;
/** Height of the cloth above its smooth surface (metres, outwards) at angle `a` and bind-pose point `p`. */
export type FoldHeight = (a: number, p: Point3) => number;

/**
 * The cloth's colour at a point of a tube (`t` its ring parameter, `p` the point, `surface` the tube's, to measure
 * from another place on it): `trim` how much of the trim's colour covers the cloth's there (a button, 0..1), `shade`
 * the light it gets (1; less in an edge's or a stitch's shadow, a button's rim). The tint may return one object for
 * every call (it is read at once).
 */
export type TintAt = (a: number, t: number, p: Point3, surface: TubeSurface) => { shade: number; trim: number };

interface Placed {
  x0: number;
  y0: number;
  w: number;
  h: number;
  surface: TubeSurface;
  height: FoldHeight;
  tint: TintAt | undefined;
}

/** Samples a side per texel where a tint is drawn (3 × 3: a 1 cm button is 4 texels across, its edge antialiased). */
const TINT_SAMPLES = 3;

/** Packs tubes into the atlas (shelves, left to right) and renders its normal map. */
export class FoldAtlas {
  private readonly placed: Placed[] = [];
  private shelfX = FLAT_BLOCK_PX;
  private shelfY = 0;
  private shelfH = FLAT_BLOCK_PX;

  /**
   * Places a tube of `perimeterM` round (its widest ring) and `lengthM` along.
   * @returns its rectangle in uv (0..1): u0, v0, u1, v1; vertex at angle a, ring t ↦ (u0 + a/2π (u1 − u0), v0 + t (v1 − v0)).
   */
  add(perimeterM: number, lengthM: number, surface: TubeSurface, height: FoldHeight, tint?: TintAt): [number, number, number, number] {
    const w = Math.min(FOLD_ATLAS_PX, Math.max(8, Math.ceil(perimeterM * FOLD_TEXELS_PER_M)));
    const h = Math.min(FOLD_ATLAS_PX, Math.max(8, Math.ceil(lengthM * FOLD_TEXELS_PER_M)));
    if (this.shelfX + w > FOLD_ATLAS_PX) {
      this.shelfY += this.shelfH;
      this.shelfX = 0;
      this.shelfH = 0;
    }
    if (this.shelfY + h > FOLD_ATLAS_PX) throw new Error(`fold atlas full: a ${perimeterM.toFixed(2)} × ${lengthM.toFixed(2)} m tube does not fit`);
    const p: Placed = { x0: this.shelfX, y0: this.shelfY, w, h, surface, height, tint };
    this.placed.push(p);
    this.shelfX += w;
    this.shelfH = Math.max(this.shelfH, h);
    const n = FOLD_ATLAS_PX;
    return [p.x0 / n, p.y0 / n, (p.x0 + w) / n, (p.y0 + h) / n];
  }

  /** The atlas as RGB8 rows (row 0 = v 0), a tangent-space normal map (glTF's: +y towards −v): x round the tube, y along it. */
  render(): Uint8Array {
    const n = FOLD_ATLAS_PX;
    const rgb = new Uint8Array(3 * n * n);
    for (let i = 0; i < n * n; i++) rgb.set(FLAT, 3 * i);
    for (const t of this.placed) renderTube(t, rgb);
    return rgb;
  }

  /** Whether any tube has a tint: the garment then gets its {@link renderTint} as its base colour. */
  get tinted(): boolean {
    return this.placed.some((t) => t.tint);
  }

  /**
   * The atlas as a base-colour texture, RGB8 sRGB rows (row 0 = v 0): the ground colour everywhere (what a tube
   * without a tint, or the flat block, shows), each tinted tube's texels as its tint says.
   * @param groundLinear the cloth's colour, linear RGB 0..1. @param trimLinear the trim's (its buttons'), linear RGB.
   */
  renderTint(groundLinear: readonly [number, number, number], trimLinear: readonly [number, number, number]): Uint8Array {
    const n = FOLD_ATLAS_PX;
    const rgb = new Uint8Array(3 * n * n);
    const ground = groundLinear.map(srgbByte);
    for (let i = 0; i < n * n; i++) rgb.set(ground, 3 * i);
    const p: Point3 = { x: 0, y: 0, z: 0 };
    for (const t of this.placed) {
      if (!t.tint) continue;
      for (let j = 0; j < t.h; j++) {
        for (let i = 0; i < t.w; i++) {
          // The samples' colours averaged in linear light, as the eye adds them.
          const sum = [0, 0, 0];
          for (let sj = 0; sj < TINT_SAMPLES; sj++) {
            const tt = Math.min(1, Math.max(0, (j + (sj + 0.5) / TINT_SAMPLES) / t.h));
            for (let si = 0; si < TINT_SAMPLES; si++) {
              const a = (2 * Math.PI * (i + (si + 0.5) / TINT_SAMPLES)) / t.w;
              const k = t.tint(a, tt, t.surface(a, tt, p), t.surface);
              for (let c = 0; c < 3; c++) sum[c]! += lerp(groundLinear[c]!, trimLinear[c]!, k.trim) * k.shade;
            }
          }
          const o = 3 * ((t.y0 + j) * n + t.x0 + i);
          for (let c = 0; c < 3; c++) rgb[o + c] = srgbByte(sum[c]! / (TINT_SAMPLES * TINT_SAMPLES));
        }
      }
    }
    return rgb;
  }
}

const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;

/** A linear channel (0..1) as an sRGB byte (IEC 61966-2-1's transfer function, as glTF's base colour textures are). */
function srgbByte(x: number): number {
  const c = Math.min(1, Math.max(0, x));
  return Math.round(255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055));
}

/** (0, 0, 1) encoded. */
const FLAT = [128, 128, 255] as const;

function renderTube(t: Placed, rgb: Uint8Array): void {
  const { w, h } = t;
  // Points and heights on a grid one texel larger each side (x wraps round the tube; y clamps at its ends).
  const gw = w + 2;
  const gh = h + 2;
  const px = new Float64Array(gw * gh * 3);
  const ht = new Float64Array(gw * gh);
  const p: Point3 = { x: 0, y: 0, z: 0 };
  for (let j = 0; j < gh; j++) {
    const tt = Math.min(1, Math.max(0, (j - 0.5) / h));
    for (let i = 0; i < gw; i++) {
      const a = (2 * Math.PI * (i - 0.5)) / w;
      t.surface(a, tt, p);
      const k = j * gw + i;
      px[3 * k] = p.x;
      px[3 * k + 1] = p.y;
      px[3 * k + 2] = p.z;
      ht[k] = t.height(a, p);
    }
  }
  const dist = (k0: number, k1: number): number => Math.hypot(px[3 * k1]! - px[3 * k0]!, px[3 * k1 + 1]! - px[3 * k0 + 1]!, px[3 * k1 + 2]! - px[3 * k0 + 2]!);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const k = (j + 1) * gw + (i + 1);
      const du = dist(k - 1, k + 1);
      const dv = dist(k - gw, k + gw);
      // Slopes of the height over the surface's metres; at a tube's end (clamped rows: no length) none along.
      const su = du > 1e-6 ? (ht[k + 1]! - ht[k - 1]!) / du : 0;
      const sv = dv > 1e-6 ? (ht[k + gw]! - ht[k - gw]!) / dv : 0;
      const len = Math.hypot(su, sv, 1);
      const o = 3 * ((t.y0 + j) * FOLD_ATLAS_PX + t.x0 + i);
      // glTF's tangent space: +x along +u, +y up the image (towards −v: the rows run down it, v with them).
      rgb[o] = Math.round((0.5 - (0.5 * su) / len) * 255);
      rgb[o + 1] = Math.round((0.5 + (0.5 * sv) / len) * 255);
      rgb[o + 2] = Math.round((0.5 + 0.5 / len) * 255);
    }
  }
}

// ---- The folds ------------------------------------------------------------------------------------------------

const smooth = (x: number): number => {
  const t = Math.min(1, Math.max(0, x));
  return t * t * (3 - 2 * t);
};

/**
 * A pressed crease: the cloth folded flat and ironed, so the leg's cross-section has a corner there — a ridge with
 * a sharp top (a tent, rounded a little by the cloth's thickness), visible ≈ 1.2 cm either side of the fold, its
 * flanks at the crease as steep as a relaxed fold's steepest ({@link FOLD_SLOPE}: 1.5 · 4 mm / 1.2 cm = 0.5).
 * @param offM distance from the crease line round the cloth, metres.
 */
export function pressedCreaseM(offM: number): number {
  const halfWidthM = 0.012;
  const heightM = 0.004;
  const x = Math.abs(offM) / halfWidthM;
  return x >= 1 ? 0 : heightM * (1 - x) ** 1.5;
}

/** A soft fold of wavelength `lambdaM`: one cosine hump, peak `amplitudeM`, over ±λ/2. */
function hump(offM: number, lambdaM: number, amplitudeM: number): number {
  const x = offM / (lambdaM / 2);
  return Math.abs(x) >= 1 ? 0 : amplitudeM * 0.5 * (1 + Math.cos(Math.PI * x));
}

/**
 * The steepest flank a relaxed fold shows, as a slope (≈ 27°): cloth folds round a curvature set by its bending
 * length and hangs straight between; a fold much steeper is a pleat, pressed in. Amplitude = slope · λ / π for a
 * cosine fold.
 */
const FOLD_SLOPE = 0.5;
const amplitudeOf = (lambdaM: number): number => (FOLD_SLOPE * lambdaM) / Math.PI;

/** Distance (metres) from (x, y) to the segment (x0, y0)–(x1, y1), and where along it (0..1). */
export function toSegment(x: number, y: number, x0: number, y0: number, x1: number, y1: number): { d: number; s: number } {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const s = Math.min(1, Math.max(0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)));
  return { d: Math.hypot(x - (x0 + s * dx), y - (y0 + s * dy)), s };
}

/** What a trouser leg's folds need to know of the leg (bind pose, metres; `side` +1 the wearer's left). */
export interface LegFoldInput {
  side: 1 | -1;
  /** Centre of the leg's cross-section at height y (|x|, out from the centre line), and its half-width. */
  centreX: (y: number) => number;
  halfWidthM: (y: number) => number;
  waistY: number;
  crotchY: number;
  kneeY: number;
  hemY: number;
  /** The leg's length past the top of the shoe, metres (0 when it ends above it). */
  breakExcessM: number;
  bendingLengthM: number;
}

/**
 * A chino's pressed crease: down the centre of the front of each leg from just under the waistband to the hem,
 * and up the back from the hem to the seat (a trouser's crease is pressed along the leg's grain line, the centre
 * of each leg panel). On the tube, the leg's centre front is angle π/2 and centre back 3π/2.
 */
export function chinoCrease(leg: LegFoldInput): FoldHeight {
  return (a, p) => {
    const r = leg.halfWidthM(p.y);
    const front = Math.sin(a) > 0;
    const off = (front ? a - Math.PI / 2 : a - (3 * Math.PI) / 2) * r;
    const top = front ? leg.waistY - 0.06 : leg.crotchY;
    const along = smooth((top - p.y) / 0.05);
    return along * pressedCreaseM(off);
  };
}

/**
 * The break: a trouser longer than the leg to the top of the shoe rests on it and its front folds over the
 * instep. The length the leg has to spare (`breakExcessM`) is taken up by folds of the fabric's buckle
 * wavelength over two of them above the hem: a cosine of amplitude A over a length L takes up (πA/λ)² L of
 * cloth, so A = (λ/π) √(excess / L), no more than a relaxed fold. Round the leg: at the front, fading by the sides
 * (the back hem hangs down to the heel).
 */
export function trouserBreak(leg: LegFoldInput): FoldHeight {
  const lambda = leg.bendingLengthM * 1.5;
  const bandM = 2 * lambda;
  const amplitude = Math.min(amplitudeOf(lambda), (lambda / Math.PI) * Math.sqrt(leg.breakExcessM / bandM));
  return (a, p) => {
    if (amplitude <= 0) return 0;
    const above = p.y - leg.hemY;
    if (above < 0 || above > bandM) return 0;
    const round = Math.max(0, Math.sin(a)) ** 1.5;
    // The folds lie a little lower at the sides than at the front (they wrap the shoe).
    const phase = (2 * Math.PI * (above + 0.01 * (1 - round))) / lambda;
    return amplitude * round * (0.5 - 0.5 * Math.cos(phase)) * (1 - smooth(above / bandM));
  };
}

/**
 * Jeans' whiskers: the fan of creases across the front of the hips where the cloth folds each time the wearer
 * sits, worn into the denim: from the crotch, up and out towards the hip, each a shallow groove ≈ 1 cm across
 * and 10–15 cm long, tapering at both ends. Five a side, at the spacing a hip flexion folds denim (its buckle
 * wavelength).
 */
export function whiskers(leg: LegFoldInput): FoldHeight {
  const lambda = leg.bendingLengthM * 1.5;
  const spacing = lambda / 2;
  const lines = Array.from({ length: 5 }, (_, i) => {
    const y0 = leg.crotchY + 0.01 + i * spacing * 0.6;
    const inner = leg.centreX(y0) - leg.halfWidthM(y0) * 0.5;
    // Rising outwards at 15°–35° from the horizontal, the upper ones flatter, reaching towards the side seam.
    const angle = ((35 - 5 * i) * Math.PI) / 180;
    const lengthM = 0.15 - 0.012 * Math.abs(i - 2);
    return { x0: inner, y0, x1: inner + Math.cos(angle) * lengthM, y1: y0 + Math.sin(angle) * lengthM };
  });
  return (a, p) => {
    if (Math.sin(a) <= 0) return 0;
    const x = p.x * leg.side;
    let h = 0;
    for (const l of lines) {
      const { d, s } = toSegment(x, p.y, l.x0, l.y0, l.x1, l.y1);
      const taper = Math.sin(Math.PI * s);
      h = Math.min(h, -0.0015 * taper * Math.max(0, 1 - d / 0.005) ** 2);
    }
    return h * Math.sin(a);
  };
}

/**
 * Honeycombs: the folds behind the knee where the leg of a pair of jeans buckles each time the knee bends, worn
 * in: three or four ridges across the back of the knee at the buckle wavelength, a cell of ≈ 10 cm across each,
 * pinched at their ends (the cells' corners).
 */
export function honeycombs(leg: LegFoldInput): FoldHeight {
  const lambda = leg.bendingLengthM * 1.5;
  const amplitude = amplitudeOf(lambda);
  return (a, p) => {
    const back = -Math.sin(a);
    if (back <= 0) return 0;
    const off = (a - (3 * Math.PI) / 2) * leg.halfWidthM(p.y);
    const across = Math.max(0, 1 - (off / 0.06) ** 2);
    const rel = p.y - (leg.kneeY + 0.02);
    const span = 1.75 * lambda;
    if (Math.abs(rel) > span) return 0;
    // The ridges bow downwards at the middle of the knee (a cell's shape).
    const phase = (2 * Math.PI * (rel + 0.012 * across)) / lambda;
    return amplitude * across * back * (0.5 + 0.5 * Math.cos(phase)) * (1 - smooth(Math.abs(rel) / span));
  };
}

/** What a top's folds need of its body (bind pose, metres). */
export interface TopFoldInput {
  shoulderPointX: number;
  shoulderPointY: number;
  hemY: number;
  bendingLengthM: number;
}

/**
 * Drape folds hanging from the shoulder points: a loose top rests on the shoulders' tips and the chest, and the
 * width it has to spare falls in folds from each shoulder point, down and in over the chest and the shoulder
 * blades, fading where the cloth hangs free. Two a side, front and back, the fabric's drape wavelength apart.
 */
export function shoulderDrape(top: TopFoldInput): FoldHeight {
  const lambda = top.bendingLengthM * 3;
  const amplitude = amplitudeOf(lambda);
  const reachM = Math.min(0.3, (top.shoulderPointY - top.hemY) * 0.6);
  const folds = [12, 26].map((deg) => (deg * Math.PI) / 180);
  return (a, p) => {
    const side = p.x >= 0 ? 1 : -1;
    const x = p.x * side;
    const facing = Math.abs(Math.sin(a));
    let h = 0;
    for (const [k, ang] of folds.entries()) {
      // From a little inside the shoulder point, down and inwards.
      const x0 = top.shoulderPointX - 0.03 - 0.02 * k;
      const { d, s } = toSegment(x, p.y, x0, top.shoulderPointY, x0 - Math.sin(ang) * reachM, top.shoulderPointY - Math.cos(ang) * reachM);
      h += hump(d, lambda, amplitude) * (1 - smooth(s)) * smooth(s * 6);
    }
    return h * facing;
  };
}

/**
 * The sleeve's fold at the underarm: a set-in sleeve's cap is cut for the arm at the side, so with the arm down its
 * underarm has cloth to spare, which folds along the sleeve from the armhole. Two folds either side of the
 * underarm seam, the drape wavelength apart, fading over the upper sleeve.
 * @param sleeveRadiusM the sleeve's radius near the armhole; `armholeX` where the sleeve leaves the body (|x|).
 */
export function underarmFolds(armholeX: number, sleeveRadiusM: number, bendingLengthM: number): FoldHeight {
  const lambda = bendingLengthM * 3;
  const amplitude = amplitudeOf(lambda);
  return (a, p) => {
    const under = -Math.sin(a);
    if (under <= 0) return 0;
    const off = (a - (3 * Math.PI) / 2) * sleeveRadiusM;
    const out = Math.abs(p.x) - (armholeX - 0.02);
    if (out < 0) return 0;
    const fade = 1 - smooth(out / 0.14);
    return (hump(off - lambda / 2, lambda, amplitude) + hump(off + lambda / 2, lambda, amplitude)) * fade * smooth(out / 0.02) * under;
  };
}

/** Sum of fold heights. */
export function folds(...hs: FoldHeight[]): FoldHeight {
  return (a, p) => {
    let h = 0;
    for (const f of hs) h += f(a, p);
    return h;
  };
}

// ---- PNG ------------------------------------------------------------------------------------------------------

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** An RGB8 image (rows top to bottom) as PNG bytes; each row filtered "up" (the maps are smooth down the rows). */
export function encodePngRgb(rgb: Uint8Array, widthPx: number, heightPx: number): Uint8Array {
  const stride = widthPx * 3;
  const raw = new Uint8Array((stride + 1) * heightPx);
  for (let y = 0; y < heightPx; y++) {
    const o = y * (stride + 1);
    raw[o] = 2;
    for (let x = 0; x < stride; x++) raw[o + 1 + x] = (rgb[y * stride + x]! - (y > 0 ? rgb[(y - 1) * stride + x]! : 0)) & 0xff;
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, widthPx);
  v.setUint32(4, heightPx);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const parts = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', new Uint8Array(deflateSync(raw, { level: 9 }))), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

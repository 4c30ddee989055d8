/**
 * Procedural, tileable surface maps of the 3D garments' fabrics (issue 14 point 2): a height field per fabric —
 * its weave or knit and the slow irregularity of real cloth — turned into a tangent-space normal map and a
 * roughness map, plus the fabric's physical material numbers. Pure and deterministic (integer hashing, no
 * Math.random): the same fabric gives the same bytes on every machine; the renderer makes each once and caches it.
 */
import type { FabricKind } from '../../shared/fabric';

/** Texels along a tile's side. */
export const FABRIC_TILE_PX = 128;

export interface FabricLook {
  /** Side of one tile on the garment, metres. */
  tileM: number;
  /** Normal map strength (three.js normalScale). */
  normalScale: number;
  /** Roughness around which the map varies, and how much. */
  roughness: number;
  roughnessSpread: number;
  /** Sheen (three.js MeshPhysicalMaterial): amount, roughness, and how far its colour goes from the cloth's to white. */
  sheen: number;
  sheenRoughness: number;
  sheenWhite: number;
  /** Specular intensity (F0 scale): matte cotton low, satin full. */
  specularIntensity: number;
}

export const FABRIC_LOOKS: Readonly<Record<FabricKind, FabricLook>> = {
  jersey: { tileM: 0.04, normalScale: 0.35, roughness: 0.88, roughnessSpread: 0.08, sheen: 0.35, sheenRoughness: 0.6, sheenWhite: 0.25, specularIntensity: 0.4 },
  oxford: { tileM: 0.03, normalScale: 0.45, roughness: 0.78, roughnessSpread: 0.1, sheen: 0.25, sheenRoughness: 0.5, sheenWhite: 0.3, specularIntensity: 0.5 },
  twill: { tileM: 0.05, normalScale: 0.6, roughness: 0.82, roughnessSpread: 0.12, sheen: 0.2, sheenRoughness: 0.55, sheenWhite: 0.2, specularIntensity: 0.45 },
  satin: { tileM: 0.08, normalScale: 0.12, roughness: 0.32, roughnessSpread: 0.06, sheen: 0.15, sheenRoughness: 0.3, sheenWhite: 0.4, specularIntensity: 1 },
  'wool-check': { tileM: 0.06, normalScale: 0.5, roughness: 0.95, roughnessSpread: 0.04, sheen: 0.6, sheenRoughness: 0.85, sheenWhite: 0.35, specularIntensity: 0.3 },
  knit: { tileM: 0.06, normalScale: 0.9, roughness: 0.92, roughnessSpread: 0.06, sheen: 0.5, sheenRoughness: 0.75, sheenWhite: 0.3, specularIntensity: 0.3 },
};

/** 32-bit integer hash → [0, 1). */
function hash(x: number, y: number, seed: number): number {
  let h = Math.imul(x | 0, 0x27d4eb2d) ^ Math.imul(y | 0, 0x165667b1) ^ Math.imul(seed | 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Tileable value noise with `cells` cells across the tile, smooth (cubic) interpolation; u, v in [0, 1). */
function noise(u: number, v: number, cells: number, seed: number): number {
  const x = u * cells;
  const y = v * cells;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const tx = x - x0;
  const ty = y - y0;
  const sx = tx * tx * (3 - 2 * tx);
  const sy = ty * ty * (3 - 2 * ty);
  const at = (i: number, j: number): number => hash(((i % cells) + cells) % cells, ((j % cells) + cells) % cells, seed);
  const a = at(x0, y0) + (at(x0 + 1, y0) - at(x0, y0)) * sx;
  const b = at(x0, y0 + 1) + (at(x0 + 1, y0 + 1) - at(x0, y0 + 1)) * sx;
  return a + (b - a) * sy;
}

const TAU = 2 * Math.PI;

/**
 * Height of the fabric's surface at (u, v) in [0, 1) of a tile, about 0..1. Every periodic term has a whole
 * number of periods across the tile, so tiles join without a seam.
 */
function height(kind: FabricKind, u: number, v: number): number {
  switch (kind) {
    case 'jersey': {
      // Knit wales (columns of V-shaped loops, ≈ 1.3 mm apart at a 4 cm tile) and a slub of the yarn.
      const wale = Math.abs(Math.sin(TAU * 15 * (u + 0.25 * Math.abs(Math.sin(TAU * 20 * v)) / 15)));
      return 0.7 * wale + 0.3 * noise(u, v, 8, 11);
    }
    case 'oxford': {
      // Basket weave: pairs of threads over and under, a cell ≈ 1 mm.
      const cu = Math.floor(u * 30);
      const cv = Math.floor(v * 30);
      const over = (cu + cv) % 2 === 0;
      const thread = over ? Math.abs(Math.sin(TAU * 30 * v)) : Math.abs(Math.sin(TAU * 30 * u));
      return 0.75 * thread + 0.25 * noise(u, v, 6, 23);
    }
    case 'twill': {
      // Denim twill: diagonal ribs (3/1, rising to the left), warp slubs along the length.
      const rib = 0.5 + 0.5 * Math.sin(TAU * (24 * u + 24 * v));
      const slub = noise(u * 0.25, v, 16, 31);
      return 0.65 * rib + 0.35 * slub;
    }
    case 'satin':
      // Long floats: almost smooth, a faint ripple across.
      return 0.5 + 0.15 * Math.sin(TAU * 40 * u) + 0.35 * noise(u, v, 4, 47);
    case 'wool-check': {
      // A fine twill under fuzz: many small fibre bumps.
      const rib = 0.5 + 0.5 * Math.sin(TAU * (20 * u - 20 * v));
      return 0.35 * rib + 0.45 * noise(u, v, 32, 59) + 0.2 * noise(u, v, 8, 61);
    }
    case 'knit': {
      // Chunky stitches: rows of V-shaped loops ≈ 6 mm wide.
      const col = u * 10;
      const row = v * 8;
      const inCol = col - Math.floor(col) - 0.5;
      const inRow = row - Math.floor(row);
      const loop = 1 - Math.min(1, Math.hypot(inCol * 2.2, (inRow - 0.5 + 0.35 * Math.abs(inCol)) * 2));
      return 0.8 * loop + 0.2 * noise(u, v, 16, 71);
    }
  }
}

export interface FabricMaps {
  /** RGBA8 tangent-space normal map, rows of {@link FABRIC_TILE_PX}. */
  normal: Uint8Array;
  /** RGBA8 roughness map (in green, as three.js reads it). */
  roughness: Uint8Array;
}

/** The fabric's maps (new arrays; the caller caches them). */
export function fabricMaps(kind: FabricKind, sizePx = FABRIC_TILE_PX): FabricMaps {
  const n = sizePx;
  const h = new Float64Array(n * n);
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) h[y * n + x] = height(kind, x / n, y / n);
  const look = FABRIC_LOOKS[kind];
  const normal = new Uint8Array(4 * n * n);
  const roughness = new Uint8Array(4 * n * n);
  let mean = 0;
  for (const x of h) mean += x;
  mean /= h.length;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const at = (i: number, j: number): number => h[((j + n) % n) * n + ((i + n) % n)]!;
      // Slopes per texel, wrapped at the tile's edges; 4 height units per texel side keep the relief shallow.
      const dx = (at(x + 1, y) - at(x - 1, y)) * 2;
      const dy = (at(x, y + 1) - at(x, y - 1)) * 2;
      const len = Math.hypot(dx, dy, 1);
      const i = 4 * (y * n + x);
      normal[i] = Math.round((0.5 - 0.5 * (dx / len)) * 255);
      // Rows run down the texture while v runs up (three's uv): flip the y slope.
      normal[i + 1] = Math.round((0.5 + 0.5 * (dy / len)) * 255);
      normal[i + 2] = Math.round((0.5 + 0.5 / len) * 255);
      normal[i + 3] = 255;
      // High points (thread crowns) are polished a little by wear: smoother.
      const r = look.roughness - look.roughnessSpread * (at(x, y) - mean) * 2;
      roughness[i] = roughness[i + 2] = 0;
      roughness[i + 1] = Math.round(Math.min(1, Math.max(0.05, r)) * 255);
      roughness[i + 3] = 255;
    }
  }
  return { normal, roughness };
}

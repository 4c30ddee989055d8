import type { GarmentMesh } from './rig';

/**
 * A 2D garment's neckline in camera pixels, as the rig warps its picture this frame: the picture's own top edge
 * across the neck opening (shared/garment-silhouette.ts `necklinePx`: a collar's points and V, a crew neck's curve),
 * each point carried by the torso's triangle that holds it. The shopper's neck is redrawn over the garment only
 * above it (scene/occlusion-regions.ts `addNeckEdge`), as a 3D garment's collar edge does (garment3d/neck-edge.ts).
 *
 * Picks each point's triangle and barycentric weights once, in the picture; each frame reads the fitted positions.
 * Allocates nothing per frame; owns nothing on the GPU.
 */
export class NecklineEdge {
  /** This frame's edge: x, y camera pixels, `count` points left to right in the picture. */
  readonly pointsPx: Float32Array;
  readonly count: number;
  /** Per point: its triangle's three vertices and their weights. */
  private readonly vertices: Uint32Array;
  private readonly weights: Float32Array;

  /**
   * @param mesh the rig's mesh (borrowed: its positions are read at each {@link update}).
   * @param necklinePx the picture's neckline, picture pixels; points farther than {@link NECKLINE_REACH_PX} from every
   *   spline-mapped (torso) triangle are left out.
   */
  constructor(private readonly mesh: GarmentMesh, necklinePx: ReadonlyArray<readonly [number, number]>) {
    const vertices: number[] = [];
    const weights: number[] = [];
    for (const [x, y] of necklinePx) {
      const hit = holdingTriangle(mesh, x, y);
      if (!hit) continue;
      vertices.push(hit.a, hit.b, hit.c);
      weights.push(hit.wa, hit.wb, 1 - hit.wa - hit.wb);
    }
    this.vertices = Uint32Array.from(vertices);
    this.weights = Float32Array.from(weights);
    this.count = this.weights.length / 3;
    this.pointsPx = new Float32Array(2 * this.count);
  }

  /** Reads where the last fit put the neckline (call after the rig's fit). */
  update(): void {
    const p = this.mesh.positions;
    for (let k = 0; k < this.count; k++) {
      let x = 0;
      let y = 0;
      for (let j = 0; j < 3; j++) {
        const v = this.vertices[3 * k + j]!;
        const w = this.weights[3 * k + j]!;
        x += w * p[3 * v]!;
        y += w * p[3 * v + 1]!;
      }
      this.pointsPx[2 * k] = x;
      this.pointsPx[2 * k + 1] = y;
    }
  }
}

/**
 * A neckline point on the picture's top edge may lie just above the torso's grid (its quad drawn on the anchors): the
 * nearest triangle within this many picture pixels carries it, its weights extended past the triangle.
 */
export const NECKLINE_REACH_PX = 4;

/**
 * The spline-mapped (torso) triangle holding the picture point (x, y), rest pixels, with the barycentric weights of
 * its first two vertices; else the nearest within {@link NECKLINE_REACH_PX}.
 */
function holdingTriangle(mesh: GarmentMesh, x: number, y: number): { a: number; b: number; c: number; wa: number; wb: number } | null {
  const r = mesh.restPx;
  const toleranceW = 1e-3;
  let best: { a: number; b: number; c: number; wa: number; wb: number } | null = null;
  let bestOutside = Infinity;
  for (const part of mesh.parts) {
    if (part.mapping !== 'tps') continue;
    for (let i = part.firstIndex; i < part.firstIndex + part.indexCount; i += 3) {
      const a = mesh.indices[i]!, b = mesh.indices[i + 1]!, c = mesh.indices[i + 2]!;
      const ax = r[2 * a]!, ay = r[2 * a + 1]!;
      const bx = r[2 * b]!, by = r[2 * b + 1]!;
      const cx = r[2 * c]!, cy = r[2 * c + 1]!;
      const det = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy);
      if (Math.abs(det) < 1e-9) continue;
      const wa = ((by - cy) * (x - cx) + (cx - bx) * (y - cy)) / det;
      const wb = ((cy - ay) * (x - cx) + (ax - cx) * (y - cy)) / det;
      const wc = 1 - wa - wb;
      // How far outside, in pixels (roughly: the most negative weight × the triangle's size).
      const sizePx = Math.sqrt(Math.abs(det));
      const outside = Math.max(0, -Math.min(wa, wb, wc)) * sizePx;
      if (outside <= toleranceW) return { a, b, c, wa, wb };
      if (outside < bestOutside) {
        bestOutside = outside;
        best = { a, b, c, wa, wb };
      }
    }
  }
  return bestOutside <= NECKLINE_REACH_PX ? best : null;
}

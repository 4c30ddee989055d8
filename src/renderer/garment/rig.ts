import {
  bindingOf,
  compileBinding,
  evaluateBinding,
  type CompiledBinding,
  type GarmentAnchorName,
  type GarmentAsset,
} from '../../shared/garment';
import { applyBone } from './bone';
import { countFolded, quadGrid } from './mesh';
import { largestSingularValue, ThinPlateSpline } from './tps';

/** Where one part lives in the rig's shared arrays. */
export interface PartRange {
  readonly name: string;
  readonly mapping: 'tps' | 'bone';
  readonly z: number;
  readonly firstVertex: number;
  readonly vertexCount: number;
  /** Offset into `indices` (a multiple of 3) and count of indices. */
  readonly firstIndex: number;
  readonly indexCount: number;
}

/**
 * The garment as one triangle mesh, ready for a three.js `BufferGeometry`:
 * `position` ← `positions` (itemSize 3), `uv` ← `uvs` (itemSize 2), `setIndex` ← `indices`.
 * Indices are ordered back to front by part `z`, so one draw call with depth testing off paints sleeves under the
 * torso. All arrays are owned by the rig; `positions` is rewritten in place by {@link GarmentRig.fit} (mark the
 * attribute `needsUpdate` after each fit) and the rest stay constant.
 */
export interface GarmentMesh {
  /**
   * x, y, 0 per vertex: garment pixels until the first fit, then target (video) pixels, y down. Each part's anchors
   * are appended to its vertices (used by no triangle) — see {@link GarmentRig.warpedAnchor}.
   */
  readonly positions: Float32Array;
  /** u, v per vertex with v = 1 − y / height (three.js textures have `flipY = true` by default). */
  readonly uvs: Float32Array;
  readonly indices: Uint32Array;
  /** x, y per vertex in garment pixels (the rest pose). */
  readonly restPx: Float64Array;
  readonly parts: readonly PartRange[];
}

/** What a fit did. Owned by the rig and overwritten by the next fit: copy what you keep. */
export interface FitReport {
  /** Triangles whose orientation flipped after the fit (0 when the garment is drawable as is). */
  foldedTriangles: number;
  /** Smallest spline bend factor used; 1 = exact spline, < 1 = a torso was stiffened to undo a fold. */
  bend: number;
  /** Target pixels per garment pixel across limbs (the body's scale). */
  bodyScale: number;
}

export interface RigOptions {
  /** Mesh cell size in garment pixels. @default 24 */
  cellPx?: number;
}

/** Bend factors tried, in order, when a spline folds the mesh (see {@link ThinPlateSpline}). */
const BEND_STEPS = [1, 0.5, 0.25, 0] as const;

/**
 * Fits a 2D garment onto a body, frame after frame, without allocating.
 *
 * Method: the garment is cut into parts (asset `parts`). Torso-like parts are warped by a thin-plate spline through
 * their anchors (exact at anchors, smooth between); limb parts (sleeve and trouser-leg segments) follow their bone
 * rigidly with stretch ({@link applyBone}), so raised or crossed arms swing sleeves round the shoulder instead of
 * dragging the torso's mesh along and folding it. Neighbouring parts share the joint anchor, which lands on the
 * same target in both, so they stay attached; their quads overlap a little so a bent joint leaves no gap.
 */
export class GarmentRig {
  /** Anchor order of every `targetsPx` array this rig reads: interleaved x, y in this order. */
  readonly anchorNames: readonly GarmentAnchorName[];
  /** Anchors in garment pixels, interleaved, in `anchorNames` order (owned by the rig). */
  readonly anchorsPx: Float64Array;
  readonly mesh: GarmentMesh;
  private readonly bindings: readonly CompiledBinding[];
  private readonly anchorVertex: ReadonlyMap<GarmentAnchorName, number>;
  private readonly steps: ReadonlyArray<
    | { kind: 'tps'; range: PartRange; spline: ThinPlateSpline; anchorSlots: Uint8Array; targets: Float64Array }
    | { kind: 'bone'; range: PartRange; bonePx: Float64Array; fromSlot: number; toSlot: number; target: Float64Array }
  >;
  private readonly report: FitReport = { foldedTriangles: 0, bend: 1, bodyScale: 1 };
  private readonly linear = new Float64Array(4);

  constructor(asset: GarmentAsset, options: RigOptions = {}) {
    const cellPx = options.cellPx ?? 24;
    const names = [...new Set(asset.parts.flatMap((p) => p.anchors))];
    this.anchorNames = names;
    this.anchorsPx = new Float64Array(names.length * 2);
    names.forEach((name, i) => {
      const p = asset.anchorsPx[name];
      if (!p) throw new Error(`garment ${asset.id}: anchor ${name} is missing`);
      this.anchorsPx[2 * i] = p[0];
      this.anchorsPx[2 * i + 1] = p[1];
    });
    this.bindings = names.map((n) => compileBinding(bindingOf(asset, n)));
    const slot = (n: GarmentAnchorName): number => names.indexOf(n);

    // Splines first so the body scale is known before limbs are placed; draw order is by z, set through indices.
    const ordered = [...asset.parts].sort((a, b) => (a.mapping === b.mapping ? 0 : a.mapping === 'tps' ? -1 : 1));
    const grids = ordered.map((part) => {
      const [tl, tr, br, bl] = part.quadPx;
      const widthPx = Math.max(Math.hypot(tr[0] - tl[0], tr[1] - tl[1]), Math.hypot(br[0] - bl[0], br[1] - bl[1]));
      const heightPx = Math.max(Math.hypot(bl[0] - tl[0], bl[1] - tl[1]), Math.hypot(br[0] - tr[0], br[1] - tr[1]));
      return { part, columns: Math.max(1, Math.ceil(widthPx / cellPx)), rows: Math.max(1, Math.ceil(heightPx / cellPx)) };
    });
    const vertexTotal = grids.reduce((s, g) => s + (g.columns + 1) * (g.rows + 1) + g.part.anchors.length, 0);
    const restPx = new Float64Array(vertexTotal * 2);
    const built: Array<{ part: (typeof grids)[number]['part']; firstVertex: number; vertexCount: number; indices: Uint32Array }> = [];
    let firstVertex = 0;
    const anchorVertex = new Map<GarmentAnchorName, number>();
    for (const g of grids) {
      const grid = quadGrid(g.part.quadPx, g.columns, g.rows, firstVertex);
      restPx.set(grid.positions, firstVertex * 2);
      // The part's own anchors ride along as extra vertices no triangle uses: after a fit they say where the
      // garment put each anchor (tests, the debug overlay, the e2e check). Splines come first, so they win.
      let k = firstVertex + grid.positions.length / 2;
      for (const name of g.part.anchors) {
        const p = asset.anchorsPx[name]!;
        restPx[2 * k] = p[0];
        restPx[2 * k + 1] = p[1];
        if (!anchorVertex.has(name)) anchorVertex.set(name, k);
        k++;
      }
      const vertexCount = k - firstVertex;
      built.push({ part: g.part, firstVertex, vertexCount, indices: grid.indices });
      firstVertex += vertexCount;
    }
    this.anchorVertex = anchorVertex;
    const byZ = [...built].sort((a, b) => a.part.z - b.part.z);
    const indices = new Uint32Array(byZ.reduce((s, b) => s + b.indices.length, 0));
    const ranges = new Map<(typeof built)[number], PartRange>();
    let firstIndex = 0;
    for (const b of byZ) {
      indices.set(b.indices, firstIndex);
      ranges.set(b, {
        name: b.part.name,
        mapping: b.part.mapping,
        z: b.part.z,
        firstVertex: b.firstVertex,
        vertexCount: b.vertexCount,
        firstIndex,
        indexCount: b.indices.length,
      });
      firstIndex += b.indices.length;
    }
    const positions = new Float32Array(vertexTotal * 3);
    const uvs = new Float32Array(vertexTotal * 2);
    for (let i = 0; i < vertexTotal; i++) {
      positions[3 * i] = restPx[2 * i]!;
      positions[3 * i + 1] = restPx[2 * i + 1]!;
      uvs[2 * i] = restPx[2 * i]! / asset.image.widthPx;
      uvs[2 * i + 1] = 1 - restPx[2 * i + 1]! / asset.image.heightPx;
    }
    this.mesh = { positions, uvs, indices, restPx, parts: byZ.map((b) => ranges.get(b)!) };

    this.steps = built.map((b) => {
      const range = ranges.get(b)!;
      if (b.part.mapping === 'tps') {
        const anchorSlots = Uint8Array.from(b.part.anchors.map(slot));
        const source = new Float64Array(anchorSlots.length * 2);
        anchorSlots.forEach((s, i) => {
          source[2 * i] = this.anchorsPx[2 * s]!;
          source[2 * i + 1] = this.anchorsPx[2 * s + 1]!;
        });
        const rest = restPx.subarray(b.firstVertex * 2, (b.firstVertex + b.vertexCount) * 2);
        let spline: ThinPlateSpline;
        try {
          spline = new ThinPlateSpline(source, rest);
        } catch (e) {
          throw new Error(`garment ${asset.id}, part ${b.part.name}: ${(e as Error).message}`, { cause: e });
        }
        return { kind: 'tps' as const, range, spline, anchorSlots, targets: new Float64Array(anchorSlots.length * 2) };
      }
      const fromSlot = slot(b.part.anchors[0]!);
      const toSlot = slot(b.part.anchors[1]!);
      const bonePx = Float64Array.of(this.anchorsPx[2 * fromSlot]!, this.anchorsPx[2 * fromSlot + 1]!, this.anchorsPx[2 * toSlot]!, this.anchorsPx[2 * toSlot + 1]!);
      return { kind: 'bone' as const, range, bonePx, fromSlot, toSlot, target: new Float64Array(4) };
    });
  }

  /**
   * Where the last fit put `anchor`, read from `positions` (default the rig's own), into `out[0..1]` (caller-owned).
   * Returns false when the garment has no such anchor.
   */
  warpedAnchor(anchor: GarmentAnchorName, out: Float32Array | Float64Array, positions: Float32Array = this.mesh.positions): boolean {
    const vtx = this.anchorVertex.get(anchor);
    if (vtx === undefined) return false;
    out[0] = positions[3 * vtx]!;
    out[1] = positions[3 * vtx + 1]!;
    return true;
  }

  /**
   * Computes every anchor's target from pose landmarks through the asset's bindings.
   * @param landmarksPx 33 landmarks as interleaved video pixels `[x0, y0, …]` (borrowed).
   * @param outTargetsPx caller-owned, length `2 × anchorNames.length`; written in `anchorNames` order.
   */
  targetsFromLandmarks(landmarksPx: ArrayLike<number>, outTargetsPx: Float32Array | Float64Array): void {
    for (let i = 0; i < this.bindings.length; i++) evaluateBinding(this.bindings[i]!, landmarksPx, outTargetsPx, 2 * i);
  }

  /**
   * Warps the mesh so each anchor lands on its target. `targetsPx` is interleaved video pixels in `anchorNames`
   * order (borrowed). Writes x, y per vertex into `out` (z untouched: 0 in the rig's own array), by default the rig's own `mesh.positions`
   * (caller-owned otherwise, length `3 × vertex count`). Returns the rig's report object (overwritten next fit).
   * Allocates nothing.
   */
  fit(targetsPx: ArrayLike<number>, out: Float32Array = this.mesh.positions): FitReport {
    const report = this.report;
    report.foldedTriangles = 0;
    report.bend = 1;
    let bodyScale = 0;
    const rest = this.mesh.restPx;
    for (const step of this.steps) {
      const { range } = step;
      if (step.kind === 'tps') {
        for (let i = 0; i < step.anchorSlots.length; i++) {
          step.targets[2 * i] = targetsPx[2 * step.anchorSlots[i]!]!;
          step.targets[2 * i + 1] = targetsPx[2 * step.anchorSlots[i]! + 1]!;
        }
        if (bodyScale === 0) {
          step.spline.linearPart(step.targets, this.linear);
          bodyScale = largestSingularValue(this.linear);
        }
        let folded = 0;
        for (const bend of BEND_STEPS) {
          step.spline.apply(step.targets, out, range.firstVertex * 3, 3, bend);
          folded = countFolded(rest, 2, out, 3, this.mesh.indices, range.firstIndex / 3, range.indexCount / 3);
          report.bend = Math.min(report.bend, bend);
          if (folded === 0) break;
        }
        report.foldedTriangles += folded;
      } else {
        const t = step.target;
        t[0] = targetsPx[2 * step.fromSlot]!;
        t[1] = targetsPx[2 * step.fromSlot + 1]!;
        t[2] = targetsPx[2 * step.toSlot]!;
        t[3] = targetsPx[2 * step.toSlot + 1]!;
        applyBone(step.bonePx, t, bodyScale || 1, rest, 2, out, 3, range.firstVertex, range.vertexCount);
      }
    }
    report.bodyScale = bodyScale || 1;
    return report;
  }
}

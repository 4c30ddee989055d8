/**
 * The 2D dress's and skirt's hem moving with the simulated cloth: the part of the garment's mesh below the hips
 * follows the skirt tube's front half (sim-skirt.ts, stepped in the cloth worker). Each mesh vertex below the hip
 * line reads the cloth's offset (where the cloth is minus where the hips carry it) at its place on the skirt — across
 * from the wearer's right side seam to their left, down from the hips to the hem — and moves by its x and y in the
 * picture. At the hips the offset is zero (the pinned ring), so the garment's seam with its bodice never tears.
 */
import type { GarmentAsset } from '../../shared/garment';
import type { BodyInput, GarmentMesh, GarmentRig } from '../garment/rig';
import { ClothSimClient, clothMotionOn } from './sim-client';
import { SKIRT_COLUMNS, SKIRT_ROWS, SkirtBody, skirtSpec, type SkirtSizeM } from './sim-skirt';

/** The skirt's size changed by more than this fraction (a new size worn, the scale re-estimated): a new cloth. */
const RESIZE_FRACTION = 0.15;

const anchorA = new Float64Array(2);
const anchorB = new Float64Array(2);
const anchorC = new Float64Array(2);
const anchorD = new Float64Array(2);

/**
 * The skirt the cloth simulates, as the garment is worn after the rig's last fit: half its width between its hip
 * anchors and between its hem anchors, and its length from the hips' centre to the hem's, metres (the garment's own
 * ease and flare, at the body's scale). Also writes the hips' centre (camera pixels) into `hipPx` (caller-owned).
 * Null when the garment has no hip or hem anchors, or its skirt is implausibly small (a bad fit).
 * @param mPerPx the body's scale, metres per camera pixel.
 */
export function fittedSkirtSizeM(rig: GarmentRig, mPerPx: number, hipPx: Float64Array): SkirtSizeM | null {
  const [a, b, c, d] = [anchorA, anchorB, anchorC, anchorD];
  if (!rig.warpedAnchor('leftHip', a) || !rig.warpedAnchor('rightHip', b) || !rig.warpedAnchor('leftHem', c) || !rig.warpedAnchor('rightHem', d)) return null;
  hipPx[0] = (a[0]! + b[0]!) / 2;
  hipPx[1] = (a[1]! + b[1]!) / 2;
  const size: SkirtSizeM = {
    hipHalfM: (Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!) / 2) * mPerPx,
    hemHalfM: (Math.hypot(c[0]! - d[0]!, c[1]! - d[1]!) / 2) * mPerPx,
    lengthM: Math.hypot((c[0]! + d[0]!) / 2 - hipPx[0], (c[1]! + d[1]!) / 2 - hipPx[1]) * mPerPx,
  };
  return size.hipHalfM > 0.05 && size.lengthM > 0.05 ? size : null;
}

export class HemMotion2d {
  /** Mesh vertices that move, and per vertex: its two columns, the second's weight, its row (fractional). */
  private readonly vertex: Uint32Array;
  private readonly col0: Uint8Array;
  private readonly col1: Uint8Array;
  private readonly colW: Float32Array;
  private readonly rowF: Float32Array;
  private readonly client = new ClothSimClient();
  private body: SkirtBody | null = null;
  private size: SkirtSizeM | null = null;
  /** The hips' centre where the last fit put the garment, camera pixels. */
  private readonly hipPx = new Float64Array(2);

  /** A hem motion for dresses and skirts with hip and hem anchors, when cloth motion is on; otherwise null. */
  static create(asset: GarmentAsset, mesh: GarmentMesh): HemMotion2d | null {
    if (!clothMotionOn() || (asset.category !== 'dress' && asset.category !== 'skirt')) return null;
    const p = asset.anchorsPx;
    if (!p.leftHip || !p.rightHip || !p.leftHem || !p.rightHem) return null;
    return new HemMotion2d(asset, mesh);
  }

  private constructor(asset: GarmentAsset, mesh: GarmentMesh) {
    const p = asset.anchorsPx;
    // In the garment's picture the wearer's right is on the picture's left.
    const [lhx, lhy] = p.rightHip!;
    const [rhx, rhy] = p.leftHip!;
    const [lex, ley] = p.rightHem!;
    const [rex, rey] = p.leftHem!;
    const hipY = (lhy + rhy) / 2;
    const hemY = (ley + rey) / 2;
    // Only vertices drawn by a triangle of a torso-like part (the anchors appended to the mesh stay where the rig put
    // them: the fit reports read them).
    const used = new Uint8Array(mesh.positions.length / 3);
    for (const part of mesh.parts) {
      if (part.mapping !== 'tps') continue;
      for (let k = part.firstIndex; k < part.firstIndex + part.indexCount; k++) used[mesh.indices[k]!] = 1;
    }
    const picked: number[] = [];
    const c0: number[] = [];
    const c1: number[] = [];
    const cw: number[] = [];
    const rf: number[] = [];
    for (let i = 0; i < used.length; i++) {
      if (!used[i]) continue;
      const x = mesh.restPx[2 * i]!;
      const y = mesh.restPx[2 * i + 1]!;
      const v = (y - hipY) / (hemY - hipY);
      if (!(v > 0)) continue;
      const t = Math.min(1, v);
      const left = lhx + (lex - lhx) * t;
      const right = rhx + (rex - rhx) * t;
      const u = Math.min(1, Math.max(0, (x - left) / (right - left || 1)));
      // The front half of the ring: angle θ from π (the picture's left side seam) through 3π/2 (the front's
      // centre, toward the camera) to 2π (the right side seam), where cos θ runs from −1 to 1 as u runs 0 → 1.
      const theta = 2 * Math.PI - Math.acos(2 * u - 1);
      const cf = (theta / (2 * Math.PI)) * SKIRT_COLUMNS;
      const lo = Math.min(SKIRT_COLUMNS - 1, Math.floor(cf));
      picked.push(i);
      c0.push(lo);
      c1.push((lo + 1) % SKIRT_COLUMNS);
      cw.push(cf - lo);
      rf.push(t * (SKIRT_ROWS - 1));
    }
    this.vertex = Uint32Array.from(picked);
    this.col0 = Uint8Array.from(c0);
    this.col1 = Uint8Array.from(c1);
    this.colW = Float32Array.from(cw);
    this.rowF = Float32Array.from(rf);
  }

  /** Mesh vertices that follow the cloth. */
  get vertexCount(): number {
    return this.vertex.length;
  }

  /** The worker's CPU time for its last step, ms (0 before the first). */
  get lastStepMs(): number {
    return this.client.lastStepMs;
  }

  /**
   * After the rig's fit: sends the body to the cloth and moves the mesh's skirt by the newest offsets.
   * @param positions the rig's fitted positions (x, y, z per vertex, camera pixels), changed in place.
   * @param nowMs the pose's time, ms.
   */
  apply(rig: GarmentRig, body: BodyInput, positions: Float32Array, nowMs: number): void {
    if (!(body.cmPerPx > 0)) return;
    const mPerPx = body.cmPerPx / 100;
    const size = fittedSkirtSizeM(rig, mPerPx, this.hipPx);
    if (!size) return;
    const hipX = this.hipPx[0]!;
    const hipY = this.hipPx[1]!;
    if (!this.size || !this.body || Math.abs(size.lengthM / this.size.lengthM - 1) > RESIZE_FRACTION || Math.abs(size.hemHalfM / this.size.hemHalfM - 1) > RESIZE_FRACTION) {
      this.size = size;
      const spec = skirtSpec(size);
      this.body = new SkirtBody(spec);
      this.client.start(spec);
    }
    this.body.update(body.landmarksPx, body.worldM, mPerPx, hipX, hipY);
    this.client.step(nowMs / 1000, this.body.pinsM, this.body.capsulesM, this.body.axes);
    const off = this.client.offsetsM;
    if (!off) return;
    for (let k = 0; k < this.vertex.length; k++) {
      const r = this.rowF[k]!;
      const r0 = Math.min(SKIRT_ROWS - 2, Math.floor(r));
      const wr = r - r0;
      const w = this.colW[k]!;
      const i00 = 3 * (r0 * SKIRT_COLUMNS + this.col0[k]!);
      const i01 = 3 * (r0 * SKIRT_COLUMNS + this.col1[k]!);
      const i10 = i00 + 3 * SKIRT_COLUMNS;
      const i11 = i01 + 3 * SKIRT_COLUMNS;
      for (let axis = 0; axis < 2; axis++) {
        const top = off[i00 + axis]! * (1 - w) + off[i01 + axis]! * w;
        const bottom = off[i10 + axis]! * (1 - w) + off[i11 + axis]! * w;
        const at = 3 * this.vertex[k]! + axis;
        positions[at] = positions[at]! + (top + (bottom - top) * wr) / mPerPx;
      }
    }
  }

  dispose(): void {
    this.client.dispose();
  }
}

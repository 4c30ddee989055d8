import { describe, expect, it } from 'vitest';
import { BENDING_LENGTH_M } from '../../src/shared/fabric';
import { standingBody } from '../../src/core/demo/drape/body';
import { settle, type Cloth } from '../../src/core/demo/drape/cloth';
import { drapeSkirt, hemFlutes, type DrapedSkirt } from '../../src/core/demo/drape/drape-skirt';
import { COLUMNS, dressSkirtPieceOf, RINGS, skirtPieceOf } from '../../src/core/demo/drape/product-drape';
import { draftDress } from '../../src/core/demo/pattern/draft-dress';
import { draftSkirt } from '../../src/core/demo/pattern/draft-skirt';
import { sizeRun } from '../../src/core/demo/pattern/size-run';

/** A flat rectangle of cloth, `w` × `h` m on a grid, lying level (in the x–z plane), its edge at z = 0 pinned. */
function rectangle(wM: number, hM: number, nx: number, nz: number, bendingLengthM: number): Cloth {
  const n = nx * nz;
  const pos = new Float64Array(3 * n);
  const invMass = new Float64Array(n);
  const dx = wM / (nx - 1);
  const dz = hM / (nz - 1);
  const a: number[] = [];
  const b: number[] = [];
  const rest: number[] = [];
  const comp: number[] = [];
  const bi: number[] = [];
  const bj: number[] = [];
  const bk: number[] = [];
  const bc: number[] = [];
  const rigidity = 0.2 * 9.81 * bendingLengthM ** 3;
  const id = (i: number, k: number): number => k * nx + i;
  for (let k = 0; k < nz; k++) {
    for (let i = 0; i < nx; i++) {
      const v = id(i, k);
      pos[3 * v] = i * dx;
      pos[3 * v + 2] = k * dz;
      invMass[v] = k === 0 ? 0 : 1 / (0.2 * dx * dz);
      const link = (p: number, q: number, l: number, c: number): void => {
        a.push(p);
        b.push(q);
        rest.push(l);
        comp.push(c);
      };
      if (i + 1 < nx) link(v, id(i + 1, k), dx, 0);
      if (k + 1 < nz) link(v, id(i, k + 1), dz, 0);
      if (i + 1 < nx && k + 1 < nz) {
        link(v, id(i + 1, k + 1), Math.hypot(dx, dz), 1 / 56);
        link(id(i + 1, k), id(i, k + 1), Math.hypot(dx, dz), 1 / 56);
      }
      if (k > 0 && k + 1 < nz) {
        bi.push(id(i, k - 1));
        bj.push(v);
        bk.push(id(i, k + 1));
        bc.push(dz ** 3 / (4 * rigidity * dx));
      }
    }
  }
  return {
    pos,
    prev: pos.slice(),
    invMass,
    edges: { a: Int32Array.from(a), b: Int32Array.from(b), restM: Float64Array.from(rest), compliance: Float64Array.from(comp) },
    bends: { i: Int32Array.from(bi), j: Int32Array.from(bj), k: Int32Array.from(bk), compliance: Float64Array.from(bc) },
  };
}

/** Mean length down the grain from the waist ring to the hem ring, m. */
function grainLengthM(d: DrapedSkirt): number {
  let sum = 0;
  for (let c = 0; c < d.cols; c++) {
    for (let r = 1; r < d.rows; r++) {
      const p = 3 * ((r - 1) * d.cols + c);
      const q = 3 * (r * d.cols + c);
      sum += Math.hypot(d.pos[q]! - d.pos[p]!, d.pos[q + 1]! - d.pos[p + 1]!, d.pos[q + 2]! - d.pos[p + 2]!);
    }
  }
  return sum / d.cols;
}

describe('cloth solver', () => {
  it('hangs a flat rectangle pinned on one edge to its own length (within 2 %)', () => {
    const cloth = rectangle(0.3, 0.5, 11, 21, BENDING_LENGTH_M['wool-check']);
    settle(cloth, { durationS: 4, substepsPerS: 1200, dampingPerS: 3, colliders: [] });
    let lowest = 0;
    for (let v = 0; v < cloth.invMass.length; v++) lowest = Math.min(lowest, cloth.pos[3 * v + 1]!);
    expect(-lowest).toBeGreaterThan(0.5 * 0.98);
    expect(-lowest).toBeLessThan(0.5 * 1.02);
    // It hangs straight down under its pinned edge: the free edge is below the pinned one, not swinging.
    for (let i = 0; i < 11; i++) expect(Math.abs(cloth.pos[3 * (20 * 11 + i) + 2]!)).toBeLessThan(0.02);
  });
});

describe('skirts draped on the standard size-M body', () => {
  const dressBody = standingBody(sizeRun('dress').M);
  const skirtBody = standingBody(sizeRun('skirt').M);
  const dress = draftDress('bella', sizeRun('dress').M);
  const quarter = drapeSkirt(dressSkirtPieceOf(dress, BENDING_LENGTH_M.jersey), dressBody, RINGS, COLUMNS);
  const pencilDraft = draftSkirt('penelope', sizeRun('skirt').M);
  const pencil = drapeSkirt(skirtPieceOf(pencilDraft, BENDING_LENGTH_M['wool-check']), skirtBody, RINGS, COLUMNS);

  it('a quarter-circle skirt falls in flutes (≥ 4 round the hem), a straight skirt in fewer and shallower ones', () => {
    const q = hemFlutes(quarter);
    const p = hemFlutes(pencil);
    console.log(`flutes: quarter circle ${q.count} (${(q.depthM * 100).toFixed(1)} cm deep), pencil ${p.count} (${(p.depthM * 100).toFixed(1)} cm)`);
    expect(q.count).toBeGreaterThanOrEqual(4);
    expect(p.count).toBeLessThan(q.count);
    expect(p.depthM).toBeLessThan(q.depthM / 2);
  });

  it("keeps the pattern's length from the waist to the hem (within 3 %)", () => {
    expect(grainLengthM(quarter) / (dress.skirt.lengthMm / 1000)).toBeCloseTo(1, 1);
    expect(Math.abs(grainLengthM(quarter) / (dress.skirt.lengthMm / 1000) - 1)).toBeLessThan(0.03);
    expect(Math.abs(grainLengthM(pencil) / (pencilDraft.front.cfHem[1] / 1000) - 1)).toBeLessThan(0.03);
    // Hung, its hem is below the waist by nearly all of it (a flared skirt's generators fall almost straight).
    let lowest = 0;
    for (let v = 0; v < quarter.rows * quarter.cols; v++) lowest = Math.min(lowest, quarter.pos[3 * v + 1]!);
    expect(-lowest / (dress.skirt.lengthMm / 1000)).toBeGreaterThan(0.9);
  });

  it('leaves no vertex inside the body', () => {
    for (const [d, body] of [[quarter, dressBody], [pencil, skirtBody]] as const) {
      let inside = 0;
      for (let v = 0; v < d.rows * d.cols; v++) if (body.inside(d.pos[3 * v]!, d.pos[3 * v + 1]!, d.pos[3 * v + 2]!, 0.001)) inside++;
      expect(inside).toBe(0);
    }
  });

  it('settles to the same bytes twice', () => {
    const again = drapeSkirt(dressSkirtPieceOf(dress, BENDING_LENGTH_M.jersey), dressBody, RINGS, COLUMNS);
    expect(Buffer.from(again.pos.buffer).equals(Buffer.from(quarter.pos.buffer))).toBe(true);
  });
});

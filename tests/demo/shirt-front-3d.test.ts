/**
 * The 3D oxford's front (src/core/demo/shirt-front.ts, drawn into its base colour on the fold atlas): read back from
 * the GLB as the mirror's loader reads it (three.js's GLTFLoader: the mesh's positions and uv, its base-colour PNG),
 * walking down the hung body's own centre-front column, the buttons are where Simon's pattern puts them down the
 * cloth from the neckline, in the trim's colour; across the front at the waist the placket's edges show as lines
 * its width apart.
 */
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { PRODUCTS, type ProductSpec } from '../../src/core/demo/catalog';
import { exportGarmentGlb } from '../../src/core/demo/model3d';
import { draftFor, SAMPLE_SIZE } from '../../src/core/demo/pattern/pattern-product';
import { HUMANOID_T_POSE_M } from '../../src/shared/humanoid';
import { parseGlbInNode } from '../helpers/gltf-node';

const oxford = PRODUCTS.find((p) => p.id === 'shirt-oxford')! as ProductSpec & { sewingPattern: 'simon' };

interface Front {
  mesh: THREE.SkinnedMesh;
  /** The base colour at a uv, sRGB bytes. */
  colourAt: (u: number, v: number) => [number, number, number];
}

async function front(colour = oxford.colourways[0]!, product: ProductSpec = oxford): Promise<Front> {
  const gltf = await parseGlbInNode(await exportGarmentGlb(product, colour));
  let mesh: THREE.SkinnedMesh | null = null;
  gltf.scene.traverse((o) => {
    if ((o as THREE.SkinnedMesh).isSkinnedMesh) mesh = o as THREE.SkinnedMesh;
  });
  const m = mesh! as THREE.SkinnedMesh;
  const map = (m.material as THREE.MeshStandardMaterial).map as THREE.DataTexture | null;
  expect(map, 'a base-colour texture').toBeTruthy();
  const { data, width, height } = map!.image as { data: Uint8Array; width: number; height: number };
  return {
    mesh: m,
    colourAt: (u, v) => {
      const x = Math.min(width - 1, Math.max(0, Math.floor(u * width)));
      const y = Math.min(height - 1, Math.max(0, Math.floor(v * height)));
      const o = 4 * (y * width + x);
      return [data[o]!, data[o + 1]!, data[o + 2]!];
    },
  };
}

const hex = (h: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
const dist = (a: readonly number[], b: readonly number[]): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
const luma = (c: readonly number[]): number => 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;

/**
 * The body's column down its centre front, ring order (hem first), with its uv: of the columns of the fold atlas's
 * tubes (one u each; not the collar's, on the atlas's flat block), the one in front (z > 0) nearest x = 0 on average.
 */
function centreFront(mesh: THREE.SkinnedMesh): Array<{ p: THREE.Vector3; uv: THREE.Vector2 }> {
  const pos = mesh.geometry.getAttribute('position') as THREE.BufferAttribute;
  const uv = mesh.geometry.getAttribute('uv') as THREE.BufferAttribute;
  const columns = new Map<number, Array<{ p: THREE.Vector3; uv: THREE.Vector2 }>>();
  for (let i = 0; i < pos.count; i++) {
    const t = new THREE.Vector2().fromBufferAttribute(uv, i);
    if (t.x < 0.01) continue;
    const col = columns.get(t.x) ?? [];
    col.push({ p: new THREE.Vector3().fromBufferAttribute(pos, i), uv: t });
    columns.set(t.x, col);
  }
  const meanAbsX = (c: Array<{ p: THREE.Vector3 }>): number => c.reduce((s, v) => s + Math.abs(v.p.x), 0) / c.length;
  const front = [...columns.values()].filter((c) => c.length >= 20 && c.every((v) => v.p.z > 0.03));
  return front.reduce((best, c) => (meanAbsX(c) < meanAbsX(best) ? c : best));
}

describe('the 3D oxford’s front: placket, buttons and pocket on its base colour', () => {
  it('its buttons are where Simon puts them down the cloth from the neckline (± 5 mm), in the trim’s colour', async () => {
    const { mesh, colourAt } = await front();
    const col = centreFront(mesh).reverse();
    const draft = draftFor(oxford, SAMPLE_SIZE);
    const ground = hex(oxford.colourways[0]!.primary);
    const trim = hex(oxford.colourways[0]!.trim);
    // Walk the column from the neckline down in 1 mm steps of cloth, uv interpolated along each segment.
    const runs: Array<[number, number]> = [];
    let alongM = 0;
    let inside = false;
    for (let i = 0; i + 1 < col.length; i++) {
      const a = col[i]!;
      const b = col[i + 1]!;
      const len = a.p.distanceTo(b.p);
      for (let s = 0; s < len; s += 0.001) {
        const f = s / len;
        const c = colourAt(a.uv.x + f * (b.uv.x - a.uv.x), a.uv.y + f * (b.uv.y - a.uv.y));
        const button = dist(c, trim) < dist(c, ground);
        if (button && !inside) runs.push([alongM + s, alongM + s]);
        if (button) runs[runs.length - 1]![1] = alongM + s;
        inside = button;
      }
      alongM += len;
    }
    const neckMm = draft.front.cfNeck[1] - draft.front.hps[1];
    const simonM = draft.placket!.buttonsYMm.slice(1).map((y) => (y - neckMm) / 1000);
    const foundM = runs.map(([a, b]) => (a + b) / 2);
    console.log(`oxford buttons down the centre front from the neckline, cm: ${foundM.map((d) => (d * 100).toFixed(1)).join(' ')}; Simon ${simonM.map((d) => (d * 100).toFixed(1)).join(' ')}`);
    expect(foundM.length).toBe(simonM.length);
    for (const [k, d] of simonM.entries()) expect(Math.abs(foundM[k]! - d), `button ${k + 2}`).toBeLessThan(0.005);
    // Each ≈ 1 cm across (a 16-ligne shirt button), not a smear along the cloth.
    for (const [a, b] of runs) expect(b - a).toBeGreaterThan(0.006);
    for (const [a, b] of runs) expect(b - a).toBeLessThan(0.013);
  }, 120_000);

  it('across the front at the waist, the placket’s edges are darker lines its width apart (Simon’s 3.6 cm)', async () => {
    const { mesh, colourAt } = await front();
    const pos = mesh.geometry.getAttribute('position') as THREE.BufferAttribute;
    const uv = mesh.geometry.getAttribute('uv') as THREE.BufferAttribute;
    // The body's ring nearest the waist: its vertices in order round it (a run of consecutive vertices at one height).
    const waistY = HUMANOID_T_POSE_M.spine[1];
    const cf = centreFront(mesh).reduce((best, v) => (Math.abs(v.p.y - waistY) < Math.abs(best.p.y - waistY) ? v : best));
    let i0 = -1;
    for (let i = 0; i < pos.count; i++) if (new THREE.Vector3().fromBufferAttribute(pos, i).equals(cf.p) && Math.abs(uv.getX(i) - cf.uv.x) < 1e-6) i0 = i;
    expect(i0).toBeGreaterThan(0);
    const draft = draftFor(oxford, SAMPLE_SIZE);
    const halfM = draft.placket!.halfWidthMm / 1000;
    const ground = luma(hex(oxford.colourways[0]!.primary));
    for (const dir of [1, -1]) {
      // Round the ring from the centre front, 0.5 mm steps of cloth, to 3 cm.
      let alongM = 0;
      let darkestAt = 0;
      let darkest = Infinity;
      for (let k = 0; alongM < 0.03; k++) {
        const a = i0 + dir * k;
        const b = a + dir;
        const pa = new THREE.Vector3().fromBufferAttribute(pos, a);
        const len = pa.distanceTo(new THREE.Vector3().fromBufferAttribute(pos, b));
        for (let s = 0; s < len && alongM + s < 0.065; s += 0.0005) {
          const f = s / len;
          const l = luma(colourAt(uv.getX(a) + f * (uv.getX(b) - uv.getX(a)), uv.getY(a) + f * (uv.getY(b) - uv.getY(a))));
          // The outer edge: beyond the stitching 3 mm inside it.
          if (alongM + s > halfM - 0.002 && l < darkest) [darkest, darkestAt] = [l, alongM + s];
        }
        alongM += len;
      }
      console.log(`placket edge ${dir > 0 ? 'towards the wearer’s right' : 'left'}: ${(darkestAt * 100).toFixed(2)} cm from the centre front (Simon ${(halfM * 100).toFixed(1)}), ${((1 - darkest / ground) * 100).toFixed(0)} % darker`);
      expect(Math.abs(darkestAt - halfM)).toBeLessThan(0.003);
      expect(darkest).toBeLessThan(0.85 * ground);
    }
  }, 120_000);

  it('the white colourway has its front drawn too', async () => {
    const white = oxford.colourways.find((c) => c.code === 'WHT')!;
    const { mesh } = await front(white);
    expect((mesh.material as THREE.MeshStandardMaterial).map).toBeTruthy();
  }, 120_000);
});

describe('the 3D tee’s neck rib on its base colour (neck-rib.ts)', () => {
  /** Down the centre front from the neckline, the base colour every 0.5 mm of cloth to 6.5 cm: [cm, sRGB]. */
  async function downFromNeck(product: ProductSpec, colour = product.colourways[0]!): Promise<Array<[number, [number, number, number]]>> {
    const { mesh, colourAt } = await front(colour, product);
    const col = centreFront(mesh).reverse();
    const out: Array<[number, [number, number, number]]> = [];
    let alongM = 0;
    for (let i = 0; i + 1 < col.length && alongM < 0.065; i++) {
      const a = col[i]!;
      const b = col[i + 1]!;
      const len = a.p.distanceTo(b.p);
      for (let s = 0; s < len && alongM + s < 0.065; s += 0.0005) {
        const f = s / len;
        out.push([(alongM + s) * 100, colourAt(a.uv.x + f * (b.uv.x - a.uv.x), a.uv.y + f * (b.uv.y - a.uv.y))]);
      }
      alongM += len;
    }
    return out;
  }

  it('a band of the trim’s colour round the neckline, the body’s colour below it', async () => {
    const tee = PRODUCTS.find((p) => p.id === 'tee-everyday')!;
    for (const colour of tee.colourways) {
      const line = await downFromNeck(tee, colour);
      const ground = hex(colour.primary);
      const trim = hex(colour.trim);
      // Hung, the cloth at the centre front rises a centimetre over the neckline and turns down into it; the rib is the
      // cloth within its 1.6 cm of the neckline in a straight line, which takes in that crest: 4.4 cm of cloth down the
      // column, its seam's shadow and the stitching by 5.1, the body's colour from 5.3.
      const band = line.filter(([cm]) => cm > 0.2 && cm < 4).map(([, c]) => c);
      const below = line.filter(([cm]) => cm > 5.4).map(([, c]) => c);
      const seam = line.filter(([cm]) => cm > 4 && cm < 5.3).reduce((d, [, c]) => Math.min(d, luma(c)), Infinity);
      // The atlas's rows run by the cloth's own length (2.5 mm of it; model3d.ts foldRect), so the seam's 2.5 mm
      // shadow is a line: 0.81–0.83 of the rib's luma in every colourway (Chalk White's 176 against 213). Its rows ran
      // by the tube's centre line, which hardly moves over a yoke, and were ≈ 6 mm of cloth there: the shadow averaged
      // to 0.97 (207) and the mipmaps spread it into a grey band with a ragged edge round the neck (the mirror clip at
      // the kiosk's size).
      expect(seam).toBeLessThan(0.9 * Math.min(luma(band[0]!), luma(below[0]!)));
      console.log(`${colour.name}: band ${band.length} samples, luma ${luma(band[0]!).toFixed(0)} (trim ${luma(trim).toFixed(0)}), below ${luma(below[0]!).toFixed(0)} (ground ${luma(ground).toFixed(0)}), seam ${seam.toFixed(0)}`);
      for (const c of band) expect(dist(c, trim)).toBeLessThan(dist(c, ground));
      for (const c of below) expect(dist(c, ground)).toBeLessThan(12);
    }
  }, 120_000);

  it('on the Breton its stripes stay the vertices’ colours: the atlas under them carries only the rib’s shades', async () => {
    const breton = PRODUCTS.find((p) => p.id === 'tee-breton')!;
    const line = await downFromNeck(breton);
    // Its rib's seam and stitching are shades (not hung, its neckline's seam lies 1.6 cm down the column); the rib's
    // knit (0.97) and everything else white.
    const shaded = line.filter(([, c]) => Math.min(...c) <= 235).map(([cm]) => cm);
    expect(shaded.length).toBeGreaterThan(0);
    expect(Math.max(...shaded) - Math.min(...shaded)).toBeLessThan(0.6);
  }, 120_000);
});

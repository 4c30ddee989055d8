import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FABRICS } from '../../shared/fabric';
import { FABRIC_LOOKS, FABRIC_TILE_PX, fabricMaps } from './fabric-maps';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('procedural fabric maps', () => {
  it('are deterministic: the same bytes twice', () => {
    for (const kind of FABRICS) {
      const a = fabricMaps(kind);
      const b = fabricMaps(kind);
      expect(sha(a.normal), kind).toBe(sha(b.normal));
      expect(sha(a.roughness), kind).toBe(sha(b.roughness));
    }
  });

  it('differ from fabric to fabric', () => {
    const hashes = new Set(FABRICS.map((k) => sha(fabricMaps(k).normal)));
    expect(hashes.size).toBe(FABRICS.length);
  });

  it('hold unit normals facing out of the cloth, and tile without a seam', () => {
    const n = FABRIC_TILE_PX;
    for (const kind of FABRICS) {
      const { normal } = fabricMaps(kind);
      let worstLen = 0;
      let seam = 0;
      let inner = 0;
      for (let y = 0; y < n; y++) {
        for (let x = 0; x < n; x++) {
          const i = 4 * (y * n + x);
          const v = [0, 1, 2].map((c) => normal[i + c]! / 127.5 - 1);
          worstLen = Math.max(worstLen, Math.abs(Math.hypot(v[0]!, v[1]!, v[2]!) - 1));
          expect(v[2]!).toBeGreaterThan(0);
          // Across the tile's right edge (x = n−1 → 0) the normal changes no more than between inner neighbours.
          const next = 4 * (y * n + ((x + 1) % n));
          const d = Math.abs(normal[next]! - normal[i]!);
          if (x === n - 1) seam = Math.max(seam, d);
          else inner = Math.max(inner, d);
        }
      }
      expect(worstLen, kind).toBeLessThan(0.03);
      expect(seam, kind).toBeLessThanOrEqual(inner);
    }
  });

  it('give satin the smoothest surface and wool the roughest', () => {
    const mean = (kind: (typeof FABRICS)[number]): number => {
      const { roughness } = fabricMaps(kind);
      let s = 0;
      for (let i = 1; i < roughness.length; i += 4) s += roughness[i]!;
      return s / (roughness.length / 4) / 255;
    };
    const byRoughness = [...FABRICS].sort((a, b) => mean(a) - mean(b));
    expect(byRoughness[0]).toBe('satin');
    expect(byRoughness.at(-1)).toBe('wool-check');
    for (const kind of FABRICS) expect(Math.abs(mean(kind) - FABRIC_LOOKS[kind].roughness), kind).toBeLessThan(0.05);
  });
});

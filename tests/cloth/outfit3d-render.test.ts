/**
 * An outfit in 3D: each garment is hung on the mannequin on its own, so where one is cut close and the one over it
 * loose — or where skinning pulls a sleeve in at a bent elbow — the two meshes cross, and by depth alone the inner one
 * showed through: the oxford's light blue in patches all over the check blazer's sleeves and shoulders, the trousers'
 * waistband through the tee's hem in a saw-tooth. The outfit's order now decides (`Garment3dLayer.setOutfitLayer`):
 * where the outer garment is drawn alone, the outfit shows it, not the one under it. Rendered by `atelier tryon`'s page
 * on the mirror clip's tracked poses (a fist at the chest, fists at the waist), over a plain grey picture.
 */
import { describe, expect, it } from 'vitest';
import { loadClipTrack } from '../helpers/clip-tracks';
import { H, picture, renderOutfit, save, useDemoCatalog, W, type OutfitGarment, type Rendered } from './tryon-render';

const catalog = useDemoCatalog();
const track = loadClipTrack('mirror-run');
/**
 * Mirror clip frames: 60 a forearm bent towards the camera (fist at the chest), 110 fists at the waist (frame 40, arms
 * swinging, measured the same: docs/garment-3d.md).
 */
const FRAMES = [60, 110].map((index) => {
  const frame = track.frames.find((f) => f.index === index);
  if (!frame) throw new Error(`the mirror-run track has no frame ${index}`);
  return frame;
});
const GREY = picture(() => 0.45);

/**
 * The share of the outer garment's own pixels (drawn alone, away from its outline by {@link EDGE_PX}) where the
 * outfit shows something else (any channel off by more than {@link SHOWN_OFF}): the garment under it showing through.
 */
function showThrough(alone: Rendered, outfit: Rendered): number {
  let inside = 0;
  let off = 0;
  for (let y = EDGE_PX; y < H - EDGE_PX; y++) {
    for (let x = EDGE_PX; x < W - EDGE_PX; x++) {
      let interior = true;
      for (let dy = -EDGE_PX; dy <= EDGE_PX && interior; dy++) for (let dx = -EDGE_PX; dx <= EDGE_PX && interior; dx++) interior = alone.coverage[(y + dy) * W + x + dx]! >= 128;
      if (!interior) continue;
      inside++;
      const i = 4 * (y * W + x);
      if (Math.max(...[0, 1, 2].map((c) => Math.abs(alone.composite[i + c]! - outfit.composite[i + c]!))) > SHOWN_OFF) off++;
    }
  }
  expect(inside, 'the outer garment drawn alone').toBeGreaterThan(5000);
  return off / inside;
}
/** Pixels next to the outer garment's outline, where it blends with what is under it (the picture or another garment). */
const EDGE_PX = 2;
/** Levels of 255: the shading's own differences between two renders of the same cloth stay under a few. */
const SHOWN_OFF = 24;
/**
 * The most of the outer garment's pixels where another may show. Measured on the two frames with each layer drawn
 * 3 cm nearer than the one under it (`OUTFIT_LAYER_GAP_M`): 0.0007–0.0009 (blazer over the oxford), 0–0.0004 (tee over
 * the chinos), 0.0002–0.0013 (chinos over the tucked oxford), single pixels along the crossings. By depth alone:
 * 0.198–0.201, 0.008–0.024 and 0.166–0.175. (A 2 cm gap left 0.003–0.008; 4 cm 0–0.0005.)
 */
const MAX_SHOWN = 0.003;

async function wornOver(name: string, under: OutfitGarment, outer: OutfitGarment): Promise<number[]> {
  const shares: number[] = [];
  for (const frame of FRAMES) {
    const [alone] = await renderOutfit(catalog(), [outer], [GREY], [0], { frame });
    const [outfit] = await renderOutfit(catalog(), [under, outer], [GREY], [0], { frame });
    await save(`outfit3d-${name}-${frame.index}`, outfit!.composite);
    shares.push(showThrough(alone!, outfit!));
  }
  console.log(`${name}: shown through on frames ${FRAMES.map((f) => f.index).join(', ')}: ${shares.map((s) => s.toFixed(4)).join(', ')}`);
  return shares;
}

describe('a 3D outfit keeps its order where the garments cross', () => {
  it('the blazer over the shirt', { timeout: 180_000 }, async () => {
    const shares = await wornOver('shirt-blazer', { productId: 'shirt-oxford', mode: '3d' }, { productId: 'blazer-check', mode: '3d' });
    for (const s of shares) expect(s).toBeLessThanOrEqual(MAX_SHOWN);
  });

  // The mirror mixes them with the 3D view on and a product without a GLB. A 3D garment was drawn in three's opaque
  // pass, before every 2D layer: the 2D shirt painted over the 3D blazer's front (0.70 and 0.67 of it shown through on
  // the two frames); drawn in the outfit's order, 0.049 and 0.036 where the 2D shirt's lower sleeves lay over it; with
  // those under the 3D cloth too, 0 and 0.
  it('a 3D blazer over a 2D shirt', { timeout: 180_000 }, async () => {
    const shares = await wornOver('shirt2d-blazer3d', { productId: 'shirt-oxford', mode: '2d' }, { productId: 'blazer-check', mode: '3d' });
    for (const s of shares) expect(s).toBeLessThanOrEqual(MAX_SHOWN);
  });

  it('the tee worn out over the trousers, the shirt tucked in under them', { timeout: 240_000 }, async () => {
    const teeOut = await wornOver('chino-tee', { productId: 'chino-slim', mode: '3d' }, { productId: 'tee-everyday', mode: '3d' });
    for (const s of teeOut) expect(s).toBeLessThanOrEqual(MAX_SHOWN);
    // A shirt's default tuck is in (shared/outfit.ts): the trousers go over its hem, whichever was put on first.
    const tucked = await wornOver('shirt-chino', { productId: 'shirt-oxford', mode: '3d' }, { productId: 'chino-slim', mode: '3d' });
    for (const s of tucked) expect(s).toBeLessThanOrEqual(MAX_SHOWN);
  });
});

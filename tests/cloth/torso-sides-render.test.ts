/**
 * Issue 15: on the mirror clip his own white T-shirt showed down the sides of the 2D tops, between the garment's torso
 * and his arm, from the armpit to the hem: the torso hung at its chart width, its side seam inside his silhouette. The
 * seam now lands on the person mask's side row by row (src/renderer/garment/torso-sides.ts). Drawn by the real CLI
 * (`atelier tryon --mask`, built: `npm run build`); measured on the camera picture: his T-shirt's pixels
 * (scripts/fit/own-clothes.ts) in the side bands the garment leaves bare (`torsoSideBare`), and the background in
 * those bands it covers (`torsoSideOverBackground`: the room between an arm and the torso stays open).
 */
import { torsoSideBare, torsoSideOverBackground } from '../../scripts/fit/torso-sides';
import { describeBandCover } from './band-cover';

/**
 * Main (1e5367c) left his right side (the picture's left) bare by 2.2 % (oxford, frame 60), 4.1 % (tee, 60), 2.3 %
 * (oxford, 120), 2.9 % (tee, 120) of his T-shirt there; this change: 0.1, 0.1, 0.1, 0.0 %. His left side was
 * 0.0–1.0 % and is no worse.
 */
const MAX_SIDE_BARE = 0.01;
const MAX_LEFT_SIDE_BARE = 0.012;
/**
 * Background pixels the garments covered in each side band before the last change that meant to move them (right,
 * left; on the left mostly the sleeve beside his arm), by frame and product. The torso's sides (1e5367c → its change):
 * frame 60 oxford 0 / 1446 → 8 / 1450, tee 0 / 762 → 1 / 811; frame 120 oxford 24 / 1104 → 30 / 1134, tee 0 / 542 →
 * 51 / 556. The tee's left sleeve lengthened over his own sleeve's hem (2026-12-05, docs/garment-2d.md): 811 → 1025
 * (frame 60), 556 → 672 (120) — the longer sleeve's opening, 2–3 cm off his arm as its cut is, reaches 2 cm further
 * into the top of the gap between his arm and his side; the gap below it stays open.
 */
const MAIN_BACKGROUND_PX: Record<string, readonly [number, number]> = {
  '60 shirt-oxford': [0, 1446],
  '60 tee-everyday': [0, 1025],
  '120 shirt-oxford': [24, 1104],
  '120 tee-everyday': [0, 672],
};
/**
 * More background a side may cover than main's: under 0.4 px a row of the ≈ 200-row band, the seam's antialiased edge
 * laid on the mask's edge (read where it crosses one half) — not the room between an arm and his side (15–25 px a row).
 */
const MAX_EXTRA_BACKGROUND_PX = 80;

describeBandCover({
  title: '2D tops cover his T-shirt down both sides and leave the room beside him open (issue 15, mirror clip)',
  band: 'side',
  bare: torsoSideBare,
  over: torsoSideOverBackground,
  minPersonPx: 5000,
  maxBare: (_, side) => (side === 'right' ? MAX_SIDE_BARE : MAX_LEFT_SIDE_BARE),
  mainBackgroundPx: MAIN_BACKGROUND_PX,
  maxExtraBackgroundPx: MAX_EXTRA_BACKGROUND_PX,
});

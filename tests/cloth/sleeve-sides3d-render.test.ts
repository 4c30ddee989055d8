/**
 * The 3D tops' sleeves, sized by their chart, stood inside his arm's outline on the mirror clip: a white strip of his
 * own T-shirt down the outside of the oxford's upper sleeve (7.8 % of his shirt round his right upper arm bare on
 * frame 60, 9.4 % round his left on frame 120). The upper sleeves' outer sides now widen onto the person mask with
 * the 2D sleeves' bounds (src/renderer/garment3d/limb-sides-3d.ts). Drawn by the real CLI (`atelier tryon --mask
 * --mode 3d`, size M, built: `npm run build`); measured on the camera picture as the 2D sleeves' test is
 * (sleeve-sides-render.test.ts).
 */
import { upperArmBare, upperArmOverBackground } from '../../scripts/fit/sleeve-sides';
import { describeBandCover } from './band-cover';

/**
 * The most of his T-shirt round each upper arm (right, left) left bare. Main (b403682): frame 60 oxford 7.8 / 2.6 %,
 * tee 8.0 / 2.8 %; frame 120 oxford 3.3 / 9.4 %, tee 3.6 / 9.8 %. This change: 1.3 / 2.4, 1.6 / 2.6, 0.9 / 2.3,
 * 1.1 / 3.2 % — what stays is the shoulder's cap above the rows and the band's pixels by the elbow.
 */
const MAX_BARE: readonly [number, number] = [0.025, 0.035];
/**
 * Background main's 3D tops covered in each band (right, left); this change: frame 60 oxford 298 / 1028, tee 215 /
 * 671, frame 120 oxford 270 / 914, tee 173 / 568 (the 2D sleeves, by the same rule: 319, 258, 296, 212 on his right).
 */
const MAIN_BACKGROUND_PX: Record<string, readonly [number, number]> = {
  '60 shirt-oxford': [190, 1026],
  '60 tee-everyday': [146, 664],
  '120 shirt-oxford': [197, 901],
  '120 tee-everyday': [98, 548],
};
/**
 * More background a band may have covered than main's: a px a row of the ≈ 120 rows of widened edge — the cloth's
 * antialiased edge now lies on the mask's edge (read where it crosses one half), where main's lay inside it; not
 * the room beyond an arm.
 */
const MAX_EXTRA_BACKGROUND_PX = 130;

describeBandCover({
  title: '3D sleeves cover his T-shirt down the outside of his arms and leave the room beside them open (mirror clip)',
  band: 'arm',
  bare: upperArmBare,
  over: upperArmOverBackground,
  minPersonPx: 4000,
  maxBare: (_key, side) => MAX_BARE[side === 'right' ? 0 : 1],
  mainBackgroundPx: MAIN_BACKGROUND_PX,
  maxExtraBackgroundPx: MAX_EXTRA_BACKGROUND_PX,
  mode: '3d',
});

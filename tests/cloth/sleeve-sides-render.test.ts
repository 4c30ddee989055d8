/**
 * Issue 14: on the mirror clip his own white T-shirt showed beside the 2D tops' sleeves — a white strip down the
 * outside of the oxford's sleeve from the shoulder, his own sleeve beside the tee's: each sleeve's strip is centred on
 * its anchors' path and its cloth filled only part of the strip's outer half, which was drawn at the chart's width
 * inside his arm's outline. The sleeve's cloth edge now lands on the person mask's arm row by row
 * (src/renderer/garment/sleeve-sides.ts). Drawn by the real CLI (`atelier tryon --mask`, built: `npm run build`);
 * measured on the camera picture: his T-shirt's pixels (scripts/fit/own-clothes.ts) round the upper arm's outer side
 * the garment leaves bare (`upperArmBare`), and the background there it covers (`upperArmOverBackground`).
 */
import { upperArmBare, upperArmOverBackground } from '../../scripts/fit/sleeve-sides';
import { describeBandCover } from './band-cover';

/** Each upper arm's outer side: his T-shirt there the garment leaves bare, and the room beside it that it covers. */
const ARM_BAND = { band: 'arm', bare: upperArmBare, over: upperArmOverBackground, minPersonPx: 4000 } as const;

/**
 * The most of his T-shirt round each upper arm (right, left) left bare, by frame and product. Main (33d9cfc) left:
 * frame 60 oxford 14.4 / 8.8 %, tee 14.6 / 17.3 %; frame 120 oxford 7.2 / 11.8 %, tee 8.3 / 13.5 %. This change:
 * 0.5 / 0.3, 1.4 / 11.1, 0.5 / 0.4, 1.9 / 3.3 %. The tee's left sleeve on frame 60 then still left his own sleeve's
 * hem showing below its hem (the mask cannot say where a sleeve ends: his skin and his sleeve are both the person);
 * since the engine reads where his own sleeves end off the picture's colours (src/shared/own-sleeves.ts)
 * and the short sleeve reaches past that hem (rig.ts `coveringSleeveEndPx`): 11.1 → 3.2 % (frame 60), 3.3 → 1.9 % (120).
 */
const MAX_BARE: Record<string, readonly [number, number]> = {
  '60 shirt-oxford': [0.02, 0.02],
  '60 tee-everyday': [0.03, 0.05],
  '120 shirt-oxford': [0.02, 0.02],
  '120 tee-everyday': [0.03, 0.03],
};
/**
 * Background pixels the garments covered in each band before the last change that meant to move them (right, left;
 * on his left mostly the torso's and sleeve's cut beside his arm). The sleeves' sides (33d9cfc → its change): frame 60
 * oxford 272 / 1102 → 319 / 1127, tee 252 / 394 → 258 / 400; frame 120 oxford 262 / 984 → 296 / 1005, tee 207 / 491 →
 * 212 / 492. The tee's left sleeve lengthened over his own sleeve's hem (2026-12-05): 400 → 614 (frame 60), 492 → 613
 * (120) — the longer sleeve's opening hangs 2–3 cm off his arm as its cut does, and its inner corner now reaches into
 * the gap between his arm and his side; the room beyond his arm stays open.
 */
const MAIN_BACKGROUND_PX: Record<string, readonly [number, number]> = {
  '60 shirt-oxford': [272, 1102],
  '60 tee-everyday': [252, 614],
  '120 shirt-oxford': [262, 984],
  '120 tee-everyday': [207, 613],
};
/**
 * More background a band may have covered than main's: under half a px a row of the ≈ 120 rows of sleeve edge, the
 * cloth's antialiased edge laid on the mask's edge (read where it crosses one half) — not the room beyond an arm.
 */
const MAX_EXTRA_BACKGROUND_PX = 70;

describeBandCover({
  title: '2D sleeves cover his T-shirt down the outside of his arms and leave the room beside them open (issue 14, mirror clip)',
  ...ARM_BAND,
  maxBare: (key, side) => MAX_BARE[key]![side === 'right' ? 0 : 1],
  mainBackgroundPx: MAIN_BACKGROUND_PX,
  maxExtraBackgroundPx: MAX_EXTRA_BACKGROUND_PX,
});

/**
 * The tea dress's short sleeves: their anchors' path runs 20 picture px inside the outer edge and 30 inside the inner
 * one, a 36 % share of the strip's half on the outer side, which the rig clamped to a half, so the widening stopped
 * ≈ 40 % short of his arm's outline (rig.ts `MIN_SLEEVE_CLOTH_SHARE`). Main (f29f501) left bare round the upper arms
 * (right, left): frame 60 19.2 / 21.0 %, frame 120 17.8 / 17.3 %; this change 4.6 / 7.5 % and 6.8 / 3.9 % — the rest
 * is his tee's shoulders above the dress's narrower ones and his sleeves' hems at the short sleeves' ends.
 */
const MAX_DRESS_ARM_BARE = 0.1;
/**
 * Background the tea dress covers in each band (right, left) since its shoulders were raised onto his (2026-12-06,
 * rig.ts `DRAWN_TOP_BELOW_PICTURE_CM`; before: 72 / 140 and 62 / 174, main f29f501 7 / 46 and 3 / 92): the sleeve's
 * cap, raised 0.65 cm with its seam, stands up to ≈ 3 px out past his arm's outline at the top of the band, where his
 * T-shirt's white rim showed beside it before. Any more is the room beside his arm.
 */
const MAIN_DRESS_BACKGROUND_PX: Record<string, readonly [number, number]> = {
  '60 dress-floral': [175, 137],
  '120 dress-floral': [125, 191],
};

describeBandCover({
  title: "the 2D tea dress's short sleeves cover his T-shirt's sleeves down the outside of his arms (issue 14, mirror clip)",
  ...ARM_BAND,
  maxBare: () => MAX_DRESS_ARM_BARE,
  mainBackgroundPx: MAIN_DRESS_BACKGROUND_PX,
  maxExtraBackgroundPx: 40,
  products: ['dress-floral'],
});

/**
 * An arm bent with its forearm raised (frames 85 and 88): the tee's left sleeve's hem rows, whose cloth ends short of
 * the strip's edge at the slanted hem, were stretched to put that edge on his arm, and the cloth between them and the
 * row above with them: a triangle of sleeve ≈ 20 px out past his arm below the hem. Only the hem rows' cloth is
 * stretched now (sleeve-sides.ts `pastSeam`). Main (76bb541), background covered (right, left): frame 85 208 / 354,
 * frame 88 138 / 416; this change 189 / 256 and 129 / 310; his T-shirt bare as before (1.9 / 0.1 %, 1.1 / 0.4 %).
 */
const MAIN_BENT_BACKGROUND_PX: Record<string, readonly [number, number]> = {
  '85 tee-everyday': [208, 354],
  '88 tee-everyday': [138, 416],
};

describeBandCover({
  title: "a 2D short sleeve's hem on a bent arm ends at his arm, no flap past it (issue 14, mirror clip)",
  ...ARM_BAND,
  maxBare: () => 0.03,
  mainBackgroundPx: MAIN_BENT_BACKGROUND_PX,
  // The flap's side: at least 60 px less than main's; the other no more.
  maxExtraBackgroundPx: (_key, side) => (side === 'left' ? -60 : 0),
  products: ['tee-everyday'],
  frames: [85, 88],
});

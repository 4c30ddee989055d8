/**
 * A top on a body turned from the camera (COCO 241: a man turned ≈ 45°), measured on the camera picture; each picture
 * tracked as the mirror tracks it, each garment put on by the built CLI (`atelier tryon --mask`, size M; `--out`
 * keeps the renders):
 * - own top bare: his own top (the person mask from 0.1 of the torso above the shoulder line to 0.15 below the hip
 *   line, less skin by colour and less the head) the garment leaves uncovered, each side of the shoulders' centre;
 * - outside: the garment's pixels off the person mask, as a share of the garment;
 * - lean: how far the garment's middle stands from the person mask's middle across the torso band (shoulder line to
 *   hip line), px, + towards the picture's right: a board square to the camera hangs centred on the shoulder joints,
 *   a turned body's silhouette does not.
 *
 *   jiti scripts/fit/turned-top.ts [--products a,b] [--modes 3d,2d] [--out dir] picture...
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PoseLandmark as L } from '../../src/shared/pose';
import { bodyCmPerPx } from '../../src/shared/sizing';
import { isSkin } from './leg-coverage';
import { CHIN_BELOW_MOUTH } from './own-clothes';
import { fitOutDirs, trackedStills, tryOnsOfStill } from './tryon-still';

/** The band of his own top: from this share of the torso above the shoulder line… */
export const OWN_TOP_ABOVE_SHOULDERS = 0.1;
/** …to this share below the hip line (a shirt worn out over the trousers). */
export const OWN_TOP_BELOW_HIPS = 0.15;

export interface TurnedTopCover {
  /** His top's pixels on the picture's left / right of the shoulders' centre, and how many the garment leaves bare. */
  ownPx: [number, number];
  barePx: [number, number];
  /** Garment pixels, and those off the person mask. */
  garmentPx: number;
  outsidePx: number;
  /** Mean over the torso band's rows of (garment's middle − person's middle), px. */
  leanPx: number;
}

/**
 * @param garment coverage mask, one byte a pixel (> 127 garment; borrowed). @param person the person mask (> 127).
 * @param rgba the picture, RGBA rows (borrowed). @param landmarksPx 33 landmarks, camera px, interleaved x, y.
 */
export function turnedTopCover(garment: Uint8Array, person: Uint8Array, rgba: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>): TurnedTopCover {
  const y = (i: number): number => landmarksPx[2 * i + 1]!;
  const shoulderY = (y(L.leftShoulder) + y(L.rightShoulder)) / 2;
  const hipY = (y(L.leftHip) + y(L.rightHip)) / 2;
  const torsoPx = hipY - shoulderY;
  const midX = (landmarksPx[2 * L.leftShoulder]! + landmarksPx[2 * L.rightShoulder]!) / 2;
  // The chin, as own-clothes.ts finds it.
  const mouthY = (y(L.mouthLeft) + y(L.mouthRight)) / 2;
  const chinY = mouthY + CHIN_BELOW_MOUTH * Math.max(0, mouthY - (y(L.leftEye) + y(L.rightEye)) / 2);
  const y0 = Math.max(0, Math.floor(Math.max(chinY, shoulderY - OWN_TOP_ABOVE_SHOULDERS * torsoPx)));
  const y1 = Math.min(heightPx - 1, Math.ceil(hipY + OWN_TOP_BELOW_HIPS * torsoPx));
  const out: TurnedTopCover = { ownPx: [0, 0], barePx: [0, 0], garmentPx: 0, outsidePx: 0, leanPx: 0 };
  for (let i = 0; i < widthPx * heightPx; i++) {
    if (garment[i]! <= 127) continue;
    out.garmentPx++;
    if (person[i]! <= 127) out.outsidePx++;
  }
  let leanSum = 0;
  let rows = 0;
  for (let row = y0; row <= y1; row++) {
    let gSum = 0;
    let gN = 0;
    let pSum = 0;
    let pN = 0;
    for (let x = 0; x < widthPx; x++) {
      const i = row * widthPx + x;
      if (garment[i]! > 127) {
        gSum += x;
        gN++;
      }
      if (person[i]! <= 127) continue;
      pSum += x;
      pN++;
      const o = 4 * i;
      if (isSkin(rgba[o]!, rgba[o + 1]!, rgba[o + 2]!)) continue;
      const k = x < midX ? 0 : 1;
      out.ownPx[k]++;
      if (garment[i]! <= 127) out.barePx[k]++;
    }
    if (row >= shoulderY && row <= hipY && gN > 0 && pN > 0) {
      leanSum += gSum / gN - pSum / pN;
      rows++;
    }
  }
  out.leanPx = rows > 0 ? leanSum / rows : 0;
  return out;
}

/**
 * How far the body is turned, and the picture's scale over the torso: the shoulder and hip lines' yaw in the world
 * landmarks, the shoulders' yaw as the pose solver reads it (the picture's x at the body's scale, the world's depth:
 * `pictureLandmarksM`), and the torso's sides' cm per px against the body's (`bodyCmPerPx`).
 */
function turnFigures(landmarksPx: ArrayLike<number>, worldM: ArrayLike<number> | null, widthPx: number, heightPx: number): string {
  const cmPerPx = worldM ? bodyCmPerPx(landmarksPx, worldM, widthPx, heightPx) : null;
  if (!worldM || !cmPerPx) return 'no world landmarks';
  const deg = (dz: number, dx: number): string => `${((Math.atan2(-dz, dx) * 180) / Math.PI).toFixed(1)}°`;
  const dw = (a: number, b: number, k: number): number => worldM[3 * a + k]! - worldM[3 * b + k]!;
  const sides = [[L.leftShoulder, L.leftHip], [L.rightShoulder, L.rightHip]].map(([a, b]) => {
    const px = Math.hypot(landmarksPx[2 * a!]! - landmarksPx[2 * b!]!, landmarksPx[2 * a! + 1]! - landmarksPx[2 * b! + 1]!);
    return (Math.hypot(dw(a!, b!, 0), dw(a!, b!, 1)) * 100) / px;
  });
  const pictureDxM = ((landmarksPx[2 * L.leftShoulder]! - landmarksPx[2 * L.rightShoulder]!) * cmPerPx) / 100;
  return [
    `world yaw: shoulders ${deg(dw(L.leftShoulder, L.rightShoulder, 2), dw(L.leftShoulder, L.rightShoulder, 0))}, hips ${deg(dw(L.leftHip, L.rightHip, 2), dw(L.leftHip, L.rightHip, 0))}`,
    `solver's shoulders ${deg(dw(L.leftShoulder, L.rightShoulder, 2), pictureDxM)}`,
    `body ${cmPerPx.toFixed(3)} cm/px, torso sides ${sides.map((c) => c.toFixed(3)).join(' / ')}`,
  ].join('; ');
}

if (process.argv[1]?.endsWith('turned-top.ts')) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { products: { type: 'string', default: 'tee-everyday,shirt-oxford,blazer-check' }, modes: { type: 'string', default: '3d' }, out: { type: 'string' } },
  });
  const { out, dataDir } = fitOutDirs(values.out, 'turned-top');
  for await (const { picture, person } of trackedStills(positionals)) {
    console.log(`${path.basename(picture)}: ${turnFigures(person.landmarksPx, person.worldM, person.widthPx, person.heightPx)}`);
    for await (const { product, mode, mask } of tryOnsOfStill(picture, values.products!.split(','), values.modes!.split(','), out, dataDir)) {
      const c = turnedTopCover(mask, person.mask, person.rgba, person.widthPx, person.heightPx, person.landmarksPx);
      const pct = (a: number, b: number): string => `${a} of ${b} px (${((100 * a) / (b || 1)).toFixed(1)} %)`;
      console.log(`  ${product} ${mode}  own top bare: picture-left ${pct(c.barePx[0], c.ownPx[0])}, picture-right ${pct(c.barePx[1], c.ownPx[1])}; outside the person ${pct(c.outsidePx, c.garmentPx)}; lean ${c.leanPx.toFixed(1)} px`);
    }
  }
}

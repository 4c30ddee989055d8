/**
 * A drawn skeleton over a photo, for staff and for us to check by eye that landmarks sit on the joints: an SVG of the
 * bones and points composed onto the image by sharp.
 */
import sharp from 'sharp';
import { POSE_CONNECTIONS, type NormalizedLandmark } from '../../shared/pose';

/** Landmarks below this visibility are drawn hollow and their bones dashed (MediaPipe draws from 0.5). */
const VISIBLE = 0.5;

/** Left-side landmark indices (odd indices from 1 are left in BlazePose, except the nose at 0). */
const isLeft = (i: number): boolean => i > 0 && i % 2 === 1;

/**
 * The skeleton as an SVG the size of the image. Left side orange, right side cyan (the person's left and right).
 * @param landmarks normalised to the image.
 */
export function poseOverlaySvg(landmarks: readonly NormalizedLandmark[], widthPx: number, heightPx: number): string {
  const stroke = Math.max(2, Math.round(Math.min(widthPx, heightPx) / 160));
  const radius = stroke * 1.6;
  const px = (l: NormalizedLandmark) => [(l.x * widthPx).toFixed(1), (l.y * heightPx).toFixed(1)] as const;
  const parts: string[] = [];
  for (const [a, b] of POSE_CONNECTIONS) {
    const la = landmarks[a];
    const lb = landmarks[b];
    if (!la || !lb) continue;
    const [x1, y1] = px(la);
    const [x2, y2] = px(lb);
    const dashed = Math.min(la.visibility, lb.visibility) < VISIBLE ? ` stroke-dasharray="${stroke * 2},${stroke * 2}"` : '';
    parts.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#ffffff" stroke-width="${stroke}"${dashed}/>`);
  }
  landmarks.forEach((l, i) => {
    const [cx, cy] = px(l);
    const colour = i === 0 ? '#ffff00' : isLeft(i) ? '#ff8c00' : '#00d0ff';
    const fill = l.visibility >= VISIBLE ? colour : 'none';
    parts.push(`<circle cx="${cx}" cy="${cy}" r="${radius}" fill="${fill}" stroke="${colour}" stroke-width="${stroke / 2}"/>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}">${parts.join('')}</svg>`;
}

/** Writes `outFile` (PNG): the photo (EXIF-rotated, as the landmarks were computed) with the skeleton drawn on it. */
export async function writePoseOverlay(photo: string, landmarks: readonly NormalizedLandmark[], outFile: string): Promise<void> {
  const image = sharp(photo).rotate();
  const { data, info } = await image.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const svg = Buffer.from(poseOverlaySvg(landmarks, info.width, info.height));
  await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } })
    .composite([{ input: svg, top: 0, left: 0 }])
    .png()
    .toFile(outFile);
}

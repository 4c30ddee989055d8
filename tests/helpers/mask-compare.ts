/** Comparing two person masks of one size, in the frame's pixels: the masks' tests share it. */

export interface MaskStats {
  iou: number;
  /** Mean offset of the edge: pixels where the masks disagree over the exact mask's edge pixels (frame pixels). */
  edgePx: number;
}

/** IoU and mean edge offset of the person pixels (≥ half probability) of two masks of one size (`exact`: the reference). */
export function compareMasks(exact: Uint8Array, lowered: Uint8Array, widthPx: number): MaskStats {
  let both = 0;
  let either = 0;
  let edge = 0;
  for (let i = 0; i < exact.length; i++) {
    const x = exact[i]! >= 128;
    const y = lowered[i]! >= 128;
    if (x && y) both++;
    if (x || y) either++;
    // An edge pixel of the exact mask: a person pixel with a background 4-neighbour.
    if (x && (exact[i - 1]! < 128 || exact[i + 1]! < 128 || exact[i - widthPx]! < 128 || exact[i + widthPx]! < 128)) edge++;
  }
  return { iou: either === 0 ? 1 : both / either, edgePx: edge === 0 ? 0 : (either - both) / edge };
}

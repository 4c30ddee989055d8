/**
 * The part of a source image (e.g. the camera frame) that fills a display of another aspect ratio without
 * letterboxing ("object-fit: cover"), in source pixels. Centred; the source is cropped on one axis.
 */
export interface SourceRectPx {
  xPx: number;
  yPx: number;
  widthPx: number;
  heightPx: number;
}

export function coverFit(sourceWidthPx: number, sourceHeightPx: number, displayWidthPx: number, displayHeightPx: number): SourceRectPx {
  const sourceAspect = sourceWidthPx / sourceHeightPx;
  const displayAspect = displayWidthPx / displayHeightPx;
  if (displayAspect > sourceAspect) {
    // Display is wider: keep the full width, crop top and bottom.
    const heightPx = sourceWidthPx / displayAspect;
    return { xPx: 0, yPx: (sourceHeightPx - heightPx) / 2, widthPx: sourceWidthPx, heightPx };
  }
  const widthPx = sourceHeightPx * displayAspect;
  return { xPx: (sourceWidthPx - widthPx) / 2, yPx: 0, widthPx, heightPx: sourceHeightPx };
}

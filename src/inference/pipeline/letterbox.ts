/**
 * Detector pre-processing: the whole frame, aspect ratio kept, centred and padded with black into the detector's
 * square input (ImageToTensorCalculator with keep_aspect_ratio in pose_detection_cpu.pbtxt), and the inverse map
 * (DetectionProjectionCalculator / letterbox removal).
 */
import { cropRectToTensor } from './crop';
import type { NormRect, RgbaFrame, TensorLayout } from './types';

/** Detector input size. Source: pose_detection_cpu.pbtxt (`output_tensor_width/height: 224`). */
export const DETECTOR_INPUT_SIZE_PX = 224;
/** Detector input range. Source: pose_detection_cpu.pbtxt (`output_tensor_float_range { min: -1 max: 1 }`). */
export const DETECTOR_INPUT_RANGE = [-1, 1] as const;

/** Padding added by the letterbox on each side, as a fraction of the tensor (left = right, top = bottom). */
export interface LetterboxPadding {
  padXLb: number;
  padYLb: number;
}

/**
 * The padding ImageToTensorCalculator's PadRoi adds for a frame of this size (pure maths, no allocation besides the
 * returned object).
 */
export function letterboxPadding(widthPx: number, heightPx: number, tensorWidthPx = DETECTOR_INPUT_SIZE_PX, tensorHeightPx = DETECTOR_INPUT_SIZE_PX): LetterboxPadding {
  const tensorAspect = tensorHeightPx / tensorWidthPx;
  const frameAspect = heightPx / widthPx;
  if (tensorAspect > frameAspect) return { padXLb: 0, padYLb: (1 - frameAspect / tensorAspect) / 2 };
  return { padXLb: (1 - tensorAspect / frameAspect) / 2, padYLb: 0 };
}

export interface LetterboxOptions {
  /** @default 224 */
  sizePx?: number;
  /** @default 'nhwc' */
  layout?: TensorLayout;
}

/**
 * Writes the letterboxed frame into `out` in [-1, 1] and returns the padding needed to undo it.
 * @param frame borrowed, read only.
 * @param out caller-owned, at least `sizePx² * 3` floats; fully overwritten.
 */
export function letterbox(frame: RgbaFrame, out: Float32Array, options: LetterboxOptions = {}): LetterboxPadding {
  const sizePx = options.sizePx ?? DETECTOR_INPUT_SIZE_PX;
  const padding = letterboxPadding(frame.widthPx, frame.heightPx, sizePx, sizePx);
  const rect: NormRect = {
    xCenterNorm: 0.5,
    yCenterNorm: 0.5,
    widthNorm: 1 / (1 - 2 * padding.padXLb),
    heightNorm: 1 / (1 - 2 * padding.padYLb),
    rotationRad: 0,
  };
  cropRectToTensor(frame, rect, out, {
    widthPx: sizePx,
    heightPx: sizePx,
    layout: options.layout ?? 'nhwc',
    rangeMin: DETECTOR_INPUT_RANGE[0],
    rangeMax: DETECTOR_INPUT_RANGE[1],
    border: 'zero',
  });
  return padding;
}

/** Letterbox-normalised x → frame-normalised x. */
export function unletterboxX(xLb: number, padding: LetterboxPadding): number {
  return (xLb - padding.padXLb) / (1 - 2 * padding.padXLb);
}
/** Letterbox-normalised y → frame-normalised y. */
export function unletterboxY(yLb: number, padding: LetterboxPadding): number {
  return (yLb - padding.padYLb) / (1 - 2 * padding.padYLb);
}
/** Frame-normalised x → letterbox-normalised x. */
export function letterboxX(xNorm: number, padding: LetterboxPadding): number {
  return xNorm * (1 - 2 * padding.padXLb) + padding.padXLb;
}
/** Frame-normalised y → letterbox-normalised y. */
export function letterboxY(yNorm: number, padding: LetterboxPadding): number {
  return yNorm * (1 - 2 * padding.padYLb) + padding.padYLb;
}

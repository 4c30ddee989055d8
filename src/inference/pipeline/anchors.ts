/**
 * SSD anchors of the BlazePose detector, as MediaPipe's SsdAnchorsCalculator generates them for
 * mediapipe/modules/pose_detection/pose_detection_cpu.pbtxt.
 */

/** Options of SsdAnchorsCalculator for pose_detection.tflite (pose_detection_cpu.pbtxt). */
export const POSE_DETECTOR_ANCHOR_OPTIONS = {
  numLayers: 5,
  minScale: 0.1484375,
  maxScale: 0.75,
  inputSizeHeight: 224,
  inputSizeWidth: 224,
  anchorOffsetX: 0.5,
  anchorOffsetY: 0.5,
  strides: [8, 16, 32, 32, 32],
  aspectRatios: [1.0],
  fixedAnchorSize: true,
  /** SsdAnchorsCalculatorOptions default. */
  interpolatedScaleAspectRatio: 1.0,
  /** SsdAnchorsCalculatorOptions default: reduce_boxes_in_lowest_layer = false. */
  reduceBoxesInLowestLayer: false,
} as const;

export type AnchorOptions = {
  numLayers: number;
  minScale: number;
  maxScale: number;
  inputSizeHeight: number;
  inputSizeWidth: number;
  anchorOffsetX: number;
  anchorOffsetY: number;
  strides: readonly number[];
  aspectRatios: readonly number[];
  fixedAnchorSize: boolean;
  interpolatedScaleAspectRatio: number;
  reduceBoxesInLowestLayer: boolean;
};

/** Anchors packed as `[xCenter, yCenter, width, height]` per anchor, normalised to the detector input. */
export interface Anchors {
  count: number;
  /** `count * 4` values; owned by the Anchors object, read-only for users. */
  data: Float32Array;
}

function calculateScale(minScale: number, maxScale: number, strideIndex: number, numStrides: number): number {
  if (numStrides === 1) return (minScale + maxScale) * 0.5;
  return minScale + ((maxScale - minScale) * strideIndex) / (numStrides - 1);
}

/**
 * Generates SSD anchors the way SsdAnchorsCalculator does: consecutive layers with the same stride share one
 * feature map, each contributing its aspect ratios plus one interpolated-scale anchor.
 * @returns a newly allocated Anchors (the caller owns it; build it once per detector).
 */
export function generateAnchors(options: AnchorOptions = POSE_DETECTOR_ANCHOR_OPTIONS): Anchors {
  const out: number[] = [];
  let layerId = 0;
  while (layerId < options.numLayers) {
    const anchorHeights: number[] = [];
    const anchorWidths: number[] = [];
    const aspectRatios: number[] = [];
    const scales: number[] = [];
    let lastSameStrideLayer = layerId;
    const stride = options.strides[layerId] ?? 1;
    while (lastSameStrideLayer < options.strides.length && options.strides[lastSameStrideLayer] === stride) {
      const scale = calculateScale(options.minScale, options.maxScale, lastSameStrideLayer, options.strides.length);
      if (lastSameStrideLayer === 0 && options.reduceBoxesInLowestLayer) {
        aspectRatios.push(1.0, 2.0, 0.5);
        scales.push(0.1, scale, scale);
      } else {
        for (const ratio of options.aspectRatios) {
          aspectRatios.push(ratio);
          scales.push(scale);
        }
        if (options.interpolatedScaleAspectRatio > 0) {
          const scaleNext =
            lastSameStrideLayer === options.strides.length - 1
              ? 1.0
              : calculateScale(options.minScale, options.maxScale, lastSameStrideLayer + 1, options.strides.length);
          scales.push(Math.sqrt(scale * scaleNext));
          aspectRatios.push(options.interpolatedScaleAspectRatio);
        }
      }
      lastSameStrideLayer++;
    }
    for (let i = 0; i < aspectRatios.length; i++) {
      const ratioSqrt = Math.sqrt(aspectRatios[i] ?? 1);
      anchorHeights.push((scales[i] ?? 0) / ratioSqrt);
      anchorWidths.push((scales[i] ?? 0) * ratioSqrt);
    }
    const featureMapHeight = Math.ceil(options.inputSizeHeight / stride);
    const featureMapWidth = Math.ceil(options.inputSizeWidth / stride);
    for (let y = 0; y < featureMapHeight; y++) {
      for (let x = 0; x < featureMapWidth; x++) {
        for (let a = 0; a < anchorHeights.length; a++) {
          const xCenter = (x + options.anchorOffsetX) / featureMapWidth;
          const yCenter = (y + options.anchorOffsetY) / featureMapHeight;
          if (options.fixedAnchorSize) out.push(xCenter, yCenter, 1, 1);
          else out.push(xCenter, yCenter, anchorWidths[a] ?? 0, anchorHeights[a] ?? 0);
        }
      }
    }
    layerId = lastSameStrideLayer;
  }
  return { count: out.length / 4, data: Float32Array.from(out) };
}

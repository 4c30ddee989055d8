/**
 * `atelier tryon`: what the CLI and its render page (src/renderer/tryon/render-page.ts, in headless Chromium) say
 * to each other. The job and the fit figures are small JSON; the pictures travel as raw bytes over loopback HTTP
 * (frame: the web bridge's wire codec around the pose and the RGBA frame; result: raw bytes), never as JSON arrays.
 */
import type { FabricKind } from './fabric';
import type { GarmentMeasurementsCm } from './garment-measurements';
import type { Tuck } from './outfit';
import type { PoseFrame } from './pose';

/** One input frame for the page: the tracker's pose (with its person mask) and the picture, RGBA rows top first. */
export interface TryOnFrameMessage {
  pose: PoseFrame;
  rgba: Uint8Array;
}

/** URL path (under the page's origin) of frame `i`: GET → the wire-encoded {@link TryOnFrameMessage}. */
export const TRYON_FRAME_PATH = '/tryon/frames/';
/**
 * URL path of frame `i`'s result: POST, body = the composite (width × height × 4 RGBA bytes; the job's display size
 * when it has one; none when the job asks for no composite) followed, when the job asks for it, by the garment
 * coverage (width × height bytes, 0 or 255), both upright and unmirrored (rows top first, as the input).
 */
export const TRYON_RESULT_PATH = '/tryon/results/';
/** The render page, relative to the built renderer's root. */
export const TRYON_PAGE = 'tryon/render-page.html';

/** One garment the page puts on: a catalog variant's asset at its size. */
export interface TryOnGarment {
  mode: '2d' | '3d';
  /** The variant's garment asset (2D: image + anchors, 3D: GLB) by sha256. */
  garment: { sha256: string; anchors: Readonly<Record<string, readonly [number, number]>> | null; back?: string | null };
  /** The product's category (the 2D rig is chosen by it, and with `tuck` the slots it is worn in: `pieceOf`). */
  categoryId: string;
  /** The product's own tuck (a shirt in or out of the trousers); null: its kind's default, as the mirror wears it. */
  tuck: Tuck | null;
  /** The chosen size's row of the product's garment size chart, so the garment is drawn at its true size; null: a regular fit. */
  garmentCm: GarmentMeasurementsCm | null;
  /** 3D: the product's fabric (`fabricOf`), for its material. */
  fabric?: FabricKind;
}

/** What the page is asked to put on: set once before the first frame. */
export interface TryOnJob {
  /**
   * The outfit, in the order it is put on, as a shopper does on the mirror: each garment goes into its slots (a top,
   * a bottom, outerwear; a dress both top and bottom), drawn in the outfit's order (a shirt tucked in under the
   * trousers' waistband, a jacket over both). One garment for a single try-on.
   */
  garments: TryOnGarment[];
  /** Base URL of the catalog assets, e.g. `/catalog-assets/`. */
  assetBase: string;
  /** The input's size, camera pixels. */
  widthPx: number;
  heightPx: number;
  /**
   * The canvas: the mirror's screen, pixels, with the picture cover-fitted on it as the kiosk shows it (1080 × 1920
   * magnifies the 412 × 960 mirror clip 2.6 ×); null: one canvas pixel per camera pixel, the composite lines up with
   * the input. The coverage pass needs the latter.
   */
  display: { widthPx: number; heightPx: number } | null;
  /** Render the garment's coverage too (a second pass): for `--mask` and `--json`. */
  coverage: boolean;
  /**
   * Render and post the composite (the mirror's picture): false when only the coverage and the figures are wanted
   * (`atelier tryon --mask` without `-o`), which spares the page its dearest pass on a software GL. @default true
   */
  composite?: boolean;
  /**
   * The store light as the mirror runs it (a video): re-estimated off the frame, read back and solved in the light
   * worker and taken in by the next frame. False (a photo): estimated on the frame it lights.
   */
  liveLight?: boolean;
}

/** One anchor of the garment: where the fitting wanted it and where the drawn garment put it, camera pixels. */
export interface TryOnAnchorFit {
  name: string;
  targetPx: [number, number];
  landedPx: [number, number];
  errorPx: number;
}

/** Where a frame's garment stage spent its time, ms (`Fitting.stageSpansMs`). */
export interface StageSpansMs {
  /** The store light: its estimate from the camera picture, once a second, and the easing. */
  light: number;
  /** Of `light`: drawing the camera picture into the light's small canvases and reading them back. */
  lightPictureRead: number;
  /** The worn garments: the 2D rig's fit and the hem's cloth, or the 3D pose solve and skinning's inputs. */
  garments: number;
  /** The arm-and-hair occluder's uniforms. */
  occluder: number;
}

/** Where a frame's result lays its pictures out ({@link TRYON_RESULT_PATH}): byte lengths of the composite and the coverage. */
export function tryOnResultLayout(job: Pick<TryOnJob, 'widthPx' | 'heightPx' | 'display' | 'coverage' | 'composite'>): { compositeBytes: number; coverageBytes: number } {
  const shown = job.display ?? job;
  return {
    compositeBytes: job.composite === false ? 0 : 4 * shown.widthPx * shown.heightPx,
    coverageBytes: job.coverage ? job.widthPx * job.heightPx : 0,
  };
}

/** The page's fit figures of one frame (`atelier tryon --json` adds the garment box from the coverage). */
export interface TryOnPageFit {
  /** A person was tracked in this frame and the garment drawn. */
  drawn: boolean;
  anchors: TryOnAnchorFit[];
  /** Centimetres per camera pixel at the person's depth (`bodyCmPerPx`, the scale garments are drawn at), or null. */
  cmPerPx: number | null;
  /** 2D: mesh triangles folded over by the fit. */
  foldedTriangles: number;
  /** Time in the page for this frame (upload, fit, both render passes, read-back), milliseconds. */
  renderMs: number;
  /**
   * Time of the mirror's garment stage for this frame (`Fitting.stage`: landmarks, rig or pose solve, cloth shading
   * uniforms, store light), milliseconds, wall clock in the page: on a loaded machine it includes the time the page's
   * thread waited for a CPU (the CLI's `stageThread` has the stage's CPU time).
   */
  stageMs: number;
  /** `stageMs` split: where the stage's slow frames spend their time. */
  stageSpansMs: StageSpansMs;
  /**
   * Time to draw the mirror's picture and read it back, milliseconds, wall clock (0 without a composite). On
   * SwiftShader that is the GPU's work done on the CPU; `gl.finish` alone returns before it is done (15 ms against
   * 300 ms for the tee on a mirror clip frame, 2026-12-07), which is what this counted until then.
   */
  drawMs: number;
  /**
   * CPU time of the cloth worker's last answered step (hems of dresses and skirts, src/renderer/cloth/sim-*.ts),
   * milliseconds; 0 when nothing is simulated. Off the main thread, but on the kiosk's CPU.
   */
  clothStepMs: number;
  /**
   * CPU time of the light worker for the store light's estimate this frame took in (reading the scaled-down camera
   * picture back and solving the light and its field, src/renderer/cloth/light-worker.ts), milliseconds; 0 on the
   * frames that took none in (all but about one a second). Off the main thread, but on the kiosk's CPU.
   */
  lightWorkerMs: number;
}

/** The render page's API on `window.atelierTryOn`. */
export interface TryOnPageApi {
  /** Loads the garment; rejects with the loader's one-line reason. */
  setup(job: TryOnJob): Promise<void>;
  /** Fetches frame `index`, shows its picture and takes in its pose. */
  prepare(index: number): Promise<void>;
  /**
   * The mirror's garment stage on the prepared frame, in a call of its own: the CLI reads the page thread's CPU
   * time around it.
   */
  stage(): void;
  /** Draws the prepared frame `index`, posts the pictures back, returns its figures. */
  finish(index: number): Promise<TryOnPageFit>;
}

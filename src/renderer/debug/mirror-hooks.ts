import { handOnPose, POINTING_HAND } from '../../../tools/synth/hands';
import { pointTrack } from '../../../tools/synth/tracks';
import type { MirrorStage } from '../mirror/mirror-stage.svelte';
import type { ShopperAssist } from '../mirror/shopper-assist.svelte';
import type { TryOnSession } from '../mirror/try-on-session.svelte';
import { fetchTrack, installDebugHooks, installShopperHooks, type ReplayTrack } from './hooks';

/**
 * The e2e hooks on a mounted mirror (`window.__atelierDebug`, `window.__atelierShopper`). Compiled only into the
 * e2e build (`__ATELIER_E2E__`) and installed when the page is opened with `?e2e`.
 */
export function installMirrorHooks(stage: MirrorStage, tryOn: TryOnSession, assist: ShopperAssist, host: HTMLElement): void {
  const { scene, fitting, replay } = stage;
  if (!scene || !fitting) throw new Error('the mirror stage is not mounted');
  installDebugHooks({ scene, camera: stage.camera, poses: stage.poses, fitting, framing: stage.framing });
  const pictures = assist.pictures;
  installShopperHooks({
    sessionState: () => tryOn.state,
    cursor: () => ({ ...assist.touchless.cursor }),
    backViewFrames: () => pictures.backView.size,
    backViewFrameSize: () => {
      const f = pictures.backView.newest;
      return f ? { widthPx: f.width, heightPx: f.height } : null;
    },
    looks: () => pictures.lookBook.looks.map((l) => ({ items: l.items.map((i) => ({ productId: i.productId, sku: i.sku })) })),
    playTrack: async (track, opts) => {
      if (!replay) throw new Error('open the page with ?e2e&track=<name> to replay tracks');
      const t: ReplayTrack = typeof track === 'string' ? await fetchTrack(track) : track;
      await replay.play(t, opts);
    },
    pointAt: async (testId, holdMs = 1800) => {
      const el = document.querySelector(`[data-testid="${testId}"]`);
      if (!el || !replay) throw new Error(`cannot point at ${testId}`);
      const b = el.getBoundingClientRect();
      const r = host.getBoundingClientRect();
      const track = pointTrack((b.left + b.width / 2 - r.left) / r.width, (b.top + b.height / 2 - r.top) / r.height, holdMs, { noiseM: 0.004 });
      await replay.play(track);
    },
    handAt: async (testId, opts) => {
      const el = document.querySelector(`[data-testid="${testId}"]`);
      if (!el || !replay) throw new Error(`cannot point at ${testId}`);
      const b = el.getBoundingClientRect();
      const r = host.getBoundingClientRect();
      const track = pointTrack((b.left + b.width / 2 - r.left) / r.width, (b.top + b.height / 2 - r.top) / r.height, opts.holdMs, { noiseM: 0.004 });
      const pinching = (tMs: number) => opts.pinchFromMs !== undefined && tMs >= opts.pinchFromMs && tMs < (opts.pinchToMs ?? Infinity);
      const frames = track.frames.map((f) => ({
        ...f,
        hands: [handOnPose(f.landmarks, opts.openPalm ? {} : { ...POINTING_HAND, ...(pinching(f.tMs) ? { pinchPalms: 0.05 } : {}) })],
      }));
      await replay.play({ ...track, frames });
    },
  });
}

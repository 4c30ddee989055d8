/**
 * The one place that loads Jolt Physics (jolt-physics on npm, MIT: the WebAssembly build of Jorrit Rouwe's Jolt,
 * with soft bodies). The `wasm-compat` build carries its WebAssembly inside the script, so the renderer's bundle
 * serves it from our own files (no CDN, unlike three.js's JoltPhysics helper) and the page needs only
 * `'wasm-unsafe-eval'` in its CSP (src/shared/csp.ts), no fetch of a .wasm file. Loaded once per realm (the cloth
 * worker, or a test in Node).
 */
import initJolt from 'jolt-physics/wasm-compat';

export type JoltModule = Awaited<ReturnType<typeof initJolt>>;

let loading: Promise<JoltModule> | null = null;

/** Jolt's module, instantiated on first call (≈ 3 MB of script, compiled once). */
export function loadJolt(): Promise<JoltModule> {
  loading ??= initJolt();
  return loading;
}

/** Object layers: the body's capsules (kinematic, moved by the tracked pose) and the cloth. */
export const LAYER_BODY = 0;
export const LAYER_CLOTH = 1;

/**
 * A physics world with two layers where cloth collides with the body (and not body with body), gravity along
 * `gravity` (m/s²). The caller owns it: {@link destroyWorld}.
 */
export function createWorld(J: JoltModule, gravity: readonly [number, number, number]): InstanceType<JoltModule['JoltInterface']> {
  const settings = new J.JoltSettings();
  const pairs = new J.ObjectLayerPairFilterTable(2);
  pairs.EnableCollision(LAYER_BODY, LAYER_CLOTH);
  const broadPhase = new J.BroadPhaseLayerInterfaceTable(2, 2);
  broadPhase.MapObjectToBroadPhaseLayer(LAYER_BODY, new J.BroadPhaseLayer(0));
  broadPhase.MapObjectToBroadPhaseLayer(LAYER_CLOTH, new J.BroadPhaseLayer(1));
  settings.mObjectLayerPairFilter = pairs;
  settings.mBroadPhaseLayerInterface = broadPhase;
  settings.mObjectVsBroadPhaseLayerFilter = new J.ObjectVsBroadPhaseLayerFilterTable(broadPhase, 2, pairs, 2);
  // One cloth and a handful of capsules: a tiny world, no worker threads (we are already in a worker).
  settings.mMaxBodies = 64;
  settings.mMaxBodyPairs = 256;
  settings.mMaxContactConstraints = 256;
  settings.mMaxWorkerThreads = 0;
  const jolt = new J.JoltInterface(settings);
  J.destroy(settings);
  jolt.GetPhysicsSystem().SetGravity(new J.Vec3(gravity[0], gravity[1], gravity[2]));
  return jolt;
}

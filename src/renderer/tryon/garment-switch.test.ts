import * as THREE from 'three';
import { demoGlb } from '../../../tests/helpers/gltf-node';
import { describe, expect, it } from 'vitest';
import type { OutfitSlot } from '../../shared/outfit';
import { Fitting } from './fitting';
import { GarmentSwitch } from './garment-switch';
import { disposeLoadedGarment3d, type LoadedGarment3d } from './garment3d-loader';

/** A load that finishes when the test says so. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: Error) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Counts geometries disposed in a loaded garment (three fires `dispose` on each). */
function disposals(g: LoadedGarment3d): { count: number } {
  const seen = { count: 0 };
  g.scene.traverse((o) => {
    if ((o as THREE.Mesh).isMesh) (o as THREE.Mesh).geometry.addEventListener('dispose', () => seen.count++);
  });
  return seen;
}

describe('GarmentSwitch: the shopper’s latest choice per slot is worn, whatever order the loads finish in', () => {
  it('tee then dress, the tee’s GLB landing last: the dress is worn, the tee is freed and never drawn', async () => {
    const world = new THREE.Group();
    const f = new Fitting(world, new THREE.Texture());
    const sw = new GarmentSwitch<OutfitSlot>();
    const [tee, dress] = await Promise.all([demoGlb('tee-everyday-nvy'), demoGlb('dress-slip-emr')]);
    const teeFreed = disposals(tee);
    const teeLoad = deferred<LoadedGarment3d>();
    const dressLoad = deferred<LoadedGarment3d>();
    const wear = (g: LoadedGarment3d): void => f.wear3d(g);
    const teeWorn = sw.load(['top'], () => teeLoad.promise, wear, disposeLoadedGarment3d);
    const dressWorn = sw.load(['top', 'bottom'], () => dressLoad.promise, wear, disposeLoadedGarment3d);
    dressLoad.resolve(dress);
    expect(await dressWorn).toBe(true);
    teeLoad.resolve(tee);
    expect(await teeWorn).toBe(false);
    expect(f.wearing).toBe('dress-slip-emr');
    expect(f.outfit.map((w) => w.id)).toEqual(['dress-slip-emr']);
    expect(teeFreed.count).toBeGreaterThan(0);
    expect(tee.scene.parent).toBeNull();
    f.dispose();
  });

  it('a top then trousers: both are worn (different slots), in either landing order', async () => {
    const world = new THREE.Group();
    const f = new Fitting(world, new THREE.Texture());
    const sw = new GarmentSwitch<OutfitSlot>();
    const [tee, chino] = await Promise.all([demoGlb('tee-everyday-nvy'), demoGlb('chino-slim-khk')]);
    const teeLoad = deferred<LoadedGarment3d>();
    const chinoLoad = deferred<LoadedGarment3d>();
    const teeWorn = sw.load(['top'], () => teeLoad.promise, (g) => f.wear3d(g, { slots: ['top'] }), disposeLoadedGarment3d);
    const chinoWorn = sw.load(['bottom'], () => chinoLoad.promise, (g) => f.wear3d(g, { slots: ['bottom'] }), disposeLoadedGarment3d);
    chinoLoad.resolve(chino);
    teeLoad.resolve(tee);
    expect([await teeWorn, await chinoWorn]).toEqual([true, true]);
    expect(f.outfit.map((w) => w.id).sort()).toEqual(['chino-slim-khk', 'tee-everyday-nvy']);
    f.dispose();
  });

  it('a load landing after cancel (taken off, or the shopper left) is freed, and a superseded load’s error is dropped', async () => {
    const sw = new GarmentSwitch<OutfitSlot>();
    const worn: string[] = [];
    const freed: string[] = [];
    const wear = (g: string): void => void worn.push(g);
    const free = (g: string): void => void freed.push(g);
    const slow = deferred<string>();
    const pending = sw.load(['top'], () => slow.promise, wear, free);
    sw.cancel();
    slow.resolve('tee');
    expect(await pending).toBe(false);
    expect(freed).toEqual(['tee']);

    // The first choice fails after the shopper already chose another: no error reaches the mirror.
    const failing = deferred<string>();
    const first = sw.load(['top'], () => failing.promise, wear, free);
    const second = sw.load(['top'], () => Promise.resolve('shirt'), wear, free);
    expect(await second).toBe(true);
    failing.reject(new Error('HTTP 404'));
    expect(await first).toBe(false);
    // The latest choice's own failure does reach it.
    await expect(sw.load(['top'], () => Promise.reject(new Error('HTTP 500')), wear, free)).rejects.toThrow('HTTP 500');
    // `wanted` false when it lands (the session ended): freed, not worn.
    expect(await sw.load(['bottom'], () => Promise.resolve('chino'), wear, free, () => false)).toBe(false);
    expect(worn).toEqual(['shirt']);
    expect(freed).toEqual(['tee', 'chino']);
  });
});

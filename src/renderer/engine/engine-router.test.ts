import { describe, expect, it } from 'vitest';
import type { AtelierApi, CameraFrame, EngineStatus } from '../../shared/contract';
import type { PoseFrame } from '../../shared/pose';
import type { BrowserPoseEngine } from './browser-pose-engine';
import { routeEngine } from './engine-router';

function status(state: EngineStatus['state'], restarts = 0): EngineStatus {
  return { state, provider: state === 'running' ? 'cpu' : null, providerNotes: [], modelSize: 'full', lastError: null, restarts };
}
const pose = (frameId: number, provider: string): PoseFrame => ({ frameId, timestampMs: 0, landmarks: [], worldLandmarks: [], presence: 0, mask: null, stagesMs: {}, provider });
const frame = (frameId: number): CameraFrame => ({ frameId, timestampMs: 0, widthPx: 16, heightPx: 16, data: new Uint8Array(1024) });

/** A shell API whose engine channels the test drives by hand. */
function fakeShell() {
  const statusFns = new Set<(s: EngineStatus) => void>();
  const poseFns = new Set<(p: PoseFrame) => void>();
  const submitted: number[] = [];
  const api = {
    engine: {
      onStatus: (fn: (s: EngineStatus) => void) => (statusFns.add(fn), () => statusFns.delete(fn)),
      submitFrame: (f: CameraFrame) => submitted.push(f.frameId),
    },
    pose: { subscribe: (fn: (p: PoseFrame) => void) => (poseFns.add(fn), () => poseFns.delete(fn)) },
  } as unknown as AtelierApi;
  return { api, submitted, status: (s: EngineStatus) => statusFns.forEach((f) => f(s)), pose: (p: PoseFrame) => poseFns.forEach((f) => f(p)) };
}

function fakeBrowser() {
  const poseFns = new Set<(p: PoseFrame) => void>();
  const statusFns = new Set<(s: EngineStatus) => void>();
  const submitted: number[] = [];
  let disposed = false;
  const engine = {
    subscribe: (fn: (p: PoseFrame) => void) => (poseFns.add(fn), () => poseFns.delete(fn)),
    onStatus: (fn: (s: EngineStatus) => void) => (statusFns.add(fn), () => statusFns.delete(fn)),
    submitRgba: (f: CameraFrame) => submitted.push(f.frameId),
    dispose: () => (disposed = true),
  } as unknown as BrowserPoseEngine;
  return { engine, submitted, pose: (p: PoseFrame) => poseFns.forEach((f) => f(p)), status: (s: EngineStatus) => statusFns.forEach((f) => f(s)), disposed: () => disposed };
}

describe('routeEngine', () => {
  it('auto: native while it works, then the browser engine for good when native is absent; subscribers carry over', () => {
    const shell = fakeShell();
    const browser = fakeBrowser();
    let made = 0;
    const router = routeEngine(shell.api, 'auto', () => (made++, browser.engine));
    const poses: string[] = [];
    const states: string[] = [];
    router.api.pose.subscribe((p) => poses.push(`${p.provider}#${p.frameId}`));
    router.api.engine.onStatus((s) => states.push(`${s.state}|${s.providerNotes[0]}`));

    shell.status(status('running'));
    shell.pose(pose(1, 'cpu'));
    router.api.engine.submitFrame(frame(1));
    expect(made).toBe(0);
    expect(shell.submitted).toEqual([1]);

    shell.status(status('absent'));
    expect(made).toBe(1);
    expect(router.selection.engine).toBe('browser');
    router.api.engine.submitFrame(frame(2));
    expect(browser.submitted).toEqual([2]);
    expect(shell.submitted).toEqual([1]);
    browser.pose(pose(2, 'browser:cpu'));
    shell.pose(pose(3, 'cpu')); // a late native frame is ignored after the switch
    browser.status(status('running'));
    shell.status(status('running')); // native coming back does not switch back
    expect(made).toBe(1);
    expect(poses).toEqual(['cpu#1', 'browser:cpu#2']);
    expect(states[0]).toMatch(/^running\|engine: native/);
    expect(states.at(-1)).toMatch(/^running\|engine: browser \(auto: native absent/);
    router.dispose();
    expect(browser.disposed()).toBe(true);
  });

  it('falls back after three native restarts within a minute', () => {
    const shell = fakeShell();
    let made = 0;
    const router = routeEngine(shell.api, 'auto', () => (made++, fakeBrowser().engine));
    shell.status(status('running', 0));
    shell.status(status('restarting', 1));
    shell.status(status('restarting', 2));
    expect(made).toBe(0);
    shell.status(status('restarting', 3));
    expect(made).toBe(1);
    router.dispose();
  });

  it('native and browser settings never switch', () => {
    const shell = fakeShell();
    let made = 0;
    routeEngine(shell.api, 'native', () => (made++, fakeBrowser().engine));
    shell.status(status('absent'));
    expect(made).toBe(0);
    routeEngine(shell.api, 'browser', () => (made++, fakeBrowser().engine));
    expect(made).toBe(1);
  });
});

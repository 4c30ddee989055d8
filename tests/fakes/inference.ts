import type { EngineChild, SpawnEngine } from '../../src/core/inference-host';
import type { HostToEngine } from '../../src/shared/engine-protocol';
import type { PoseFrame } from '../../src/shared/pose';

/**
 * The one fake of the inference process: an in-memory `EngineChild` whose behaviour a test scripts — answer
 * frames (after a delay, or never), crash, send garbage.
 */
export class FakeEngineChild implements EngineChild {
  static nextPid = 1000;
  readonly pid = FakeEngineChild.nextPid++;
  readonly received: HostToEngine[] = [];
  killed = false;
  private messageListeners: Array<(m: unknown) => void> = [];
  private exitListeners: Array<(r: string) => void> = [];
  /** Answer `init` with `ready` automatically. */
  autoReady = true;
  /** When set, every frame is answered with a pose after this many ms (0 = synchronously next tick). */
  answerFramesAfterMs: number | null = 0;

  post(message: HostToEngine): void {
    if (this.killed) return;
    this.received.push(message);
    if (message.t === 'init' && this.autoReady) queueMicrotask(() => this.emit({ t: 'ready', provider: 'cpu', providerNotes: ['cuda: not installed'], warmUpMs: 5 }));
    if (message.t === 'frame' && this.answerFramesAfterMs !== null) {
      const { frameId, timestampMs } = message.frame;
      setTimeout(() => this.emit({ t: 'pose', pose: emptyPose(frameId, timestampMs) }), this.answerFramesAfterMs);
    }
  }
  onMessage(listener: (m: unknown) => void): void {
    this.messageListeners.push(listener);
  }
  onExit(listener: (reason: string) => void): void {
    this.exitListeners.push(listener);
  }
  kill(): void {
    if (this.killed) return;
    this.killed = true;
    queueMicrotask(() => this.exitListeners.forEach((l) => l('killed by SIGKILL')));
  }
  /** Simulates a message from the process. */
  emit(message: unknown): void {
    if (!this.killed) this.messageListeners.forEach((l) => l(message));
  }
  /** Simulates the process dying on its own. */
  crash(reason = 'exited with code 134'): void {
    this.killed = true;
    this.exitListeners.forEach((l) => l(reason));
  }
  frames(): number[] {
    return this.received.flatMap((m) => (m.t === 'frame' ? [m.frame.frameId] : []));
  }
}

export function emptyPose(frameId: number, timestampMs: number): PoseFrame {
  return { frameId, timestampMs, landmarks: [], worldLandmarks: [], presence: 0, mask: null, stagesMs: { total: 1 }, provider: 'cpu' };
}

/** A spawner that hands out FakeEngineChild instances and remembers them. */
export function fakeSpawner(configure: (child: FakeEngineChild) => void = () => {}): SpawnEngine & { children: FakeEngineChild[] } {
  const children: FakeEngineChild[] = [];
  const spawn = (): FakeEngineChild => {
    const c = new FakeEngineChild();
    configure(c);
    children.push(c);
    return c;
  };
  return Object.assign(spawn, { children });
}

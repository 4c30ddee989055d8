/**
 * MediaPipe's hand landmark model (converted to ONNX by `atelier models build`) on ONNX Runtime, for the hand stage.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExecutionProvider } from '../shared/config-schema';
import type { HandModel, HandModelOutput } from './hand-stage';
import { createOrtSession } from './ort';

export type HandModelSize = 'lite' | 'full';

export interface OrtHandModelOptions {
  /** Folder holding manifest.json and the .onnx files. */
  modelsDir: string;
  /** @default 'lite' */
  size?: HandModelSize;
  /** @default 'auto' */
  ep?: ExecutionProvider;
  /** Intra-op threads. @default the session's default */
  threads?: number;
}

/** Opens `hand_landmark_<size>` from the models folder; fails with one line naming what is missing. */
export async function createOrtHandModel(options: OrtHandModelOptions): Promise<HandModel & { provider: string }> {
  const id = `hand_landmark_${options.size ?? 'lite'}`;
  const manifestFile = path.join(options.modelsDir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as {
    models: Array<{ id: string; file: string; inputs: Array<{ name: string; shape: number[] }>; outputs: Array<{ name: string }> }>;
  };
  const meta = manifest.models.find((m) => m.id === id);
  const input = meta?.inputs[0];
  if (!meta || !input || input.shape.join() !== '1,224,224,3') {
    throw new Error(`${manifestFile} has no hand model ${id} (run \`atelier models build\`)`);
  }
  // Output order is the TFLite model's: landmarks, presence, handedness, world landmarks.
  const [lmName, presenceName, handednessName] = meta.outputs.map((o) => o.name);
  if (!lmName || !presenceName || !handednessName) throw new Error(`${id}: manifest lists ${meta.outputs.length} outputs, expected 4`);
  const session = await createOrtSession(path.join(options.modelsDir, meta.file), { [input.name]: input.shape }, {
    ep: options.ep ?? 'auto',
    ...(options.threads ? { threads: options.threads } : {}),
  });
  const shapes = { [input.name]: input.shape };
  return {
    provider: session.provider,
    async run(x: Float32Array): Promise<HandModelOutput> {
      const out = await session.run({ [input.name]: x }, shapes);
      return { landmarks: out[lmName]!.data, presence: out[presenceName]!.data[0]!, handedness: out[handednessName]!.data[0]! };
    },
    dispose: () => session.dispose(),
  };
}

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { PoseImageResult } from '../../src/cli/commands/pose';
import type { PoseModelSize } from '../../src/inference/pose-models-ort';

/** `atelier pose --json` on photos with MediaPipe's subject choice (static image, CPU), as a user runs it. */
export async function atelierPose(size: PoseModelSize, files: string[]): Promise<PoseImageResult[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['bin/atelier.mjs', '--ep', 'cpu', 'pose', '--json', '--model', size, '--subject', 'highest-score', ...files],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as PoseImageResult[];
}

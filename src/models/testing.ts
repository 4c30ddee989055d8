import { readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { MODEL_SOURCES } from './sources';
import { readSource } from './build';
import { readTflite, type TfliteModel } from './tflite/model';

/** Shared helpers of the models tests (test-only; not imported by runtime code). */

/** The team's real test photos (never copied into the repo). */
export const MEDIA_DIR = process.env.ATELIER_MEDIA_DIR ?? path.resolve(process.cwd(), '../shared/media');

export function photos(limit = Infinity): string[] {
  return readdirSync(MEDIA_DIR)
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .slice(0, limit)
    .map((f) => path.join(MEDIA_DIR, f));
}

export function loadModel(id: string): { model: TfliteModel; bytes: Uint8Array } {
  const src = MODEL_SOURCES.find((s) => s.id === id);
  if (!src) throw new Error(`unknown model ${id}`);
  const { bytes } = readSource(src, process.cwd());
  return { model: readTflite(bytes, id), bytes };
}

/**
 * A photo stretched to `width`×`height`, as NHWC float32 RGB normalised by (v - mean) / std. Returns a new array.
 */
export async function photoTensor(file: string, width: number, height: number, mean: number, std: number): Promise<Float32Array> {
  const raw = await sharp(file).removeAlpha().resize(width, height, { fit: 'fill' }).raw().toBuffer();
  const out = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = (raw[i]! - mean) / std;
  return out;
}

import type { Command } from 'commander';
import { loadConfig, type LoadedConfig } from '../core/config';
import type { ConfigInput } from '../shared/config-schema';

/** Thrown for bad input: the CLI prints `atelier: <message>` on one line and exits with `exitCode`. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** Global flags every command understands (declared once on the root program). */
export interface GlobalFlags {
  dataDir?: string;
  host?: string;
  port?: string;
  modelSize?: string;
  ep?: string;
  engine?: string;
  orientation?: string;
  language?: string;
  kiosk?: boolean;
  framing?: boolean;
  cameraDevice?: string;
  cameraSize?: string;
  cameraFps?: string;
  cameraRotation?: string;
  productUrl?: string;
}

/** A size flag such as `--camera-size 1920x1080` → widthPx / heightPx (`name` without the dashes, for the message). */
export function parseSizeFlag(name: string, raw: string | undefined): { widthPx: number; heightPx: number } | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+)x(\d+)$/i.exec(raw.trim());
  if (!m || Number(m[1]) === 0 || Number(m[2]) === 0) throw new UsageError(`--${name} must be WIDTHxHEIGHT in pixels such as 1920x1080, got "${raw}"`);
  return { widthPx: Number(m[1]), heightPx: Number(m[2]) };
}

export function parseIntFlag(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}

/** Loads the config with this command's global flags applied. */
export function configFrom(cmd: Command): LoadedConfig {
  const g = cmd.optsWithGlobals<GlobalFlags>();
  const flags: Record<string, unknown> = {
    host: g.host,
    port: parseIntFlag('port', g.port),
    modelSize: g.modelSize,
    ep: g.ep,
    engine: g.engine,
    orientation: g.orientation,
    language: g.language,
    kiosk: g.kiosk,
    // Commander gives a negatable flag the value true when it is absent: only an explicit --no-framing may
    // override the file and the environment.
    framing: g.framing === false ? false : undefined,
    productUrlPattern: g.productUrl,
  };
  const camera: Record<string, unknown> = {
    deviceId: g.cameraDevice,
    ...parseSizeFlag('camera-size', g.cameraSize),
    frameRate: parseIntFlag('camera-fps', g.cameraFps),
    rotationDeg: parseIntFlag('camera-rotation', g.cameraRotation),
  };
  if (Object.values(camera).some((x) => x !== undefined)) flags.camera = camera;
  return loadConfig({ dataDir: g.dataDir, flags: flags as ConfigInput });
}

import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { ConfigSchema, type Config, type ConfigInput } from '../shared/config-schema';
import { defaultDataDir } from './data-dir';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Where the values came from, lowest precedence first. */
export interface ConfigSources {
  /** `--data-dir` flag; beats `ATELIER_DATA_DIR`. */
  dataDir?: string | undefined;
  /** Overrides from CLI flags (already parsed by commander). */
  flags?: ConfigInput;
  env?: NodeJS.ProcessEnv;
}

export interface LoadedConfig {
  /** Absolute data directory (catalog, assets, logs, config.json). */
  dataDir: string;
  config: Config;
  /** Path of config.json (may not exist yet). */
  file: string;
}

export const CONFIG_FILE = 'config.json';

/** Env vars that override the file, mapped to config keys. Numbers and booleans are parsed. */
const ENV_KEYS: Record<string, keyof ConfigInput> = {
  ATELIER_HOST: 'host',
  ATELIER_PORT: 'port',
  ATELIER_ORIENTATION: 'orientation',
  ATELIER_MODEL_SIZE: 'modelSize',
  ATELIER_EP: 'ep',
  ATELIER_ENGINE: 'engine',
  ATELIER_LANGUAGE: 'language',
  ATELIER_KIOSK: 'kiosk',
  ATELIER_DEBUG_OVERLAY: 'debugOverlay',
  ATELIER_FRAMING: 'framing',
  ATELIER_PRODUCT_URL_PATTERN: 'productUrlPattern',
};

function parseScalar(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

function envOverrides(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') out[key] = parseScalar(raw);
  }
  const cam: Record<string, unknown> = {};
  if (env.ATELIER_CAMERA_DEVICE) cam.deviceId = env.ATELIER_CAMERA_DEVICE;
  if (env.ATELIER_CAMERA_WIDTH) cam.widthPx = parseScalar(env.ATELIER_CAMERA_WIDTH);
  if (env.ATELIER_CAMERA_HEIGHT) cam.heightPx = parseScalar(env.ATELIER_CAMERA_HEIGHT);
  if (env.ATELIER_CAMERA_FPS) cam.frameRate = parseScalar(env.ATELIER_CAMERA_FPS);
  if (env.ATELIER_CAMERA_ROTATION) cam.rotationDeg = parseScalar(env.ATELIER_CAMERA_ROTATION);
  if (Object.keys(cam).length > 0) out.camera = cam;
  return out;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Deep-merges plain objects; later sources win; `undefined` never overrides. */
export function mergeConfig(...layers: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!isPlainObject(layer)) continue;
    for (const [k, val] of Object.entries(layer)) {
      if (val === undefined) continue;
      const prev = out[k];
      out[k] = isPlainObject(prev) && isPlainObject(val) ? mergeConfig(prev, val) : val;
    }
  }
  return out;
}

/** One line per problem, naming the key: `port: Invalid value: Expected <=65535 but received 70000`. */
export function formatIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .map((i) => {
      const key = v.getDotPath(i) ?? '(root)';
      return `${key}: ${i.message}`;
    })
    .join('; ');
}

export function validateConfig(input: unknown, origin: string): Config {
  const r = v.safeParse(ConfigSchema, input);
  if (!r.success) throw new ConfigError(`invalid configuration (${origin}): ${formatIssues(r.issues)}`);
  return r.output;
}

function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ConfigError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Loads config.json from the data directory, then env, then flags; validates the result. */
export function loadConfig(sources: ConfigSources = {}): LoadedConfig {
  const env = sources.env ?? process.env;
  const dataDir = path.resolve(sources.dataDir ?? env.ATELIER_DATA_DIR ?? defaultDataDir());
  const file = path.join(dataDir, CONFIG_FILE);
  const fromFile = readConfigFile(file);
  if (!isPlainObject(fromFile)) throw new ConfigError(`${file} must hold a JSON object`);
  // Validate the file alone first, so a bad file is blamed on the file and not on a flag.
  validateConfig(fromFile, file);
  const merged = mergeConfig(fromFile, envOverrides(env), sources.flags ?? {});
  return { dataDir, file, config: validateConfig(merged, 'file + environment + flags') };
}

/**
 * Writes config.json atomically (temp file + rename) so a power cut never leaves half a file.
 * Only keys that differ from the defaults are worth keeping, but we keep what the caller gives.
 */
export function saveConfig(dataDir: string, patch: ConfigInput): Config {
  const file = path.join(dataDir, CONFIG_FILE);
  const current = readConfigFile(file);
  const next = validateConfig(mergeConfig(current, patch), 'update');
  fs.mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(mergeConfig(current, patch), null, 2) + '\n');
  fs.renameSync(tmp, file);
  return next;
}

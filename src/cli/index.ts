import { Command, CommanderError } from 'commander';
import { ConfigError } from '../core/config';
import { commandGroups } from './commands/index';
import { UsageError } from './context';

export function buildProgram(): Command {
  const program = new Command('atelier')
    .description('Atelier — in-store smart mirror: virtual try-on with on-device pose tracking')
    .option('--data-dir <dir>', 'data directory (catalog, assets, config.json, logs); env ATELIER_DATA_DIR')
    .option('--host <address>', 'web shell bind address; env ATELIER_HOST (default 127.0.0.1)')
    .option('--port <n>', 'web shell port, 0 = any free port; env ATELIER_PORT (default 7480)')
    .option('--model-size <size>', 'pose model: lite | full | heavy; env ATELIER_MODEL_SIZE')
    .option('--ep <provider>', 'execution provider: auto | cuda | dml | cpu; env ATELIER_EP')
    .option('--engine <engine>', 'pose engine: auto | native | browser; env ATELIER_ENGINE')
    .option('--orientation <o>', 'portrait | landscape; env ATELIER_ORIENTATION')
    .option('--language <lang>', 'en | zh-CN; env ATELIER_LANGUAGE')
    .option('--no-kiosk', 'Electron: open a normal window instead of kiosk mode')
    .option('--camera-device <id>', 'camera deviceId (empty: the first camera); env ATELIER_CAMERA_DEVICE')
    .option('--camera-size <WxH>', 'requested camera resolution, e.g. 1920x1080; env ATELIER_CAMERA_WIDTH / ATELIER_CAMERA_HEIGHT')
    .option('--camera-fps <n>', 'requested camera frame rate 5–60; env ATELIER_CAMERA_FPS')
    .option('--camera-rotation <deg>', 'turn the camera picture upright: 0 | 90 | 180 | 270 (clockwise); env ATELIER_CAMERA_ROTATION')
    .option('--product-url <pattern>', 'product link for look QR codes, with {productId} / {sku}; env ATELIER_PRODUCT_URL_PATTERN')
    .option('--no-framing', 'no whole-body pan/zoom: always show the cover-fitted camera picture; env ATELIER_FRAMING=false')
    .showHelpAfterError('(run atelier --help for usage)')
    .exitOverride();
  for (const register of commandGroups) register(program);
  return program;
}

let pipeGuarded = false;

/**
 * `atelier catalog export | head`: once the reader closes the pipe, writing fails with EPIPE, emitted as an
 * 'error' event that would end the process with a stack trace. The output is no longer wanted: exit quietly.
 */
function exitQuietlyWhenPipeCloses(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
}

/** Runs the CLI; resolves to the process exit code. Errors become one line on stderr. */
export async function main(argv: readonly string[]): Promise<number> {
  exitQuietlyWhenPipeCloses();
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander already printed help or the reason; help/version exit 0.
      return e.exitCode;
    }
    if (e instanceof UsageError || e instanceof ConfigError) {
      process.stderr.write(`atelier: ${e.message}\n`);
      return e instanceof UsageError ? e.exitCode : 2;
    }
    process.stderr.write(`atelier: ${(e as Error).message ?? String(e)}\n`);
    if (process.env.ATELIER_DEBUG) console.error(e);
    return 1;
  }
}

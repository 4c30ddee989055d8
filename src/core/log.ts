import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * The process-wide logger. JSON lines on stderr (stdout belongs to CLI output such as `--json`).
 * `ATELIER_LOG_LEVEL` sets the level; tests default to `warn` to keep their output readable.
 */
export function createLogger(name: string, level = process.env.ATELIER_LOG_LEVEL ?? (process.env.VITEST ? 'warn' : 'info')): Logger {
  return pino({ name, level, base: { pid: process.pid } }, pino.destination(2));
}

export const log = createLogger('atelier');

import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { RepeatLimiter, type RepeatLimitOptions } from './log-repeat-limit';

export type { Logger };

/** Folder under the data directory that holds the rotated log files. */
export const LOGS_DIR = 'logs';
/** A log file is rolled when it reaches this size or at midnight, whichever comes first. */
const ROLL_SIZE = '10m';
/** Rolled files kept besides the current one: at most ~10 days (or 100 MB) of history on the mirror's disk. */
const ROLL_KEEP = 10;
/** pino's numeric level of `error`; `fatal` is 60. */
const ERROR_LEVEL = 50;

export interface LoggerOptions {
  /** @default `ATELIER_LOG_LEVEL`, else `warn` under vitest and `info` otherwise */
  level?: string;
  /**
   * Also write JSON lines to rotated files in `<dataDir>/logs/atelier.N.log`. The files are opened
   * asynchronously: lines logged before they are open go to stderr only.
   */
  dataDir?: string;
  /** Called for every line at `error` or `fatal` (health counts them), dropped repeats included. */
  onError?: () => void;
  /** How often one message may repeat before it is counted instead of written (log-repeat-limit.ts). */
  repeatLimit?: RepeatLimitOptions;
}

/** A logger plus what the shell needs to stop it cleanly. */
export interface FileLogger extends Logger {
  /** Resolves with the logs folder once the rotated file is open (null if it could not be); later lines reach it. */
  readonly fileReady: Promise<string | null>;
}

/**
 * The process-wide logger. JSON lines on stderr (stdout belongs to CLI output such as `--json`), and, with a data
 * directory, in rotated files too. Writing the files never throws into the app: a full disk or a removed folder
 * is reported once on stderr and the mirror keeps running with stderr only.
 */
export function createLogger(name: string, opts: LoggerOptions | string = {}): FileLogger {
  const o: LoggerOptions = typeof opts === 'string' ? { level: opts } : opts;
  const level = o.level ?? process.env.ATELIER_LOG_LEVEL ?? (process.env.VITEST ? 'warn' : 'info');
  // The streams take every line the logger lets through, so changing `logger.level` at run time works.
  const streams = pino.multistream([{ level: 'trace', stream: pino.destination(2) }]);
  const onError = o.onError;
  const limiter = new RepeatLimiter(o.repeatLimit);
  // Windows that ended while their message stopped repeating still get their "dropped N" line.
  const flushTimer = setInterval(() => limiter.flush(), o.repeatLimit?.windowMs ?? 60_000);
  flushTimer.unref();
  const logger = pino(
    {
      name,
      level,
      base: { pid: process.pid },
      hooks: {
        logMethod(args, method, lvl) {
          if (lvl >= ERROR_LEVEL) onError?.();
          // The message text (not its fields) identifies a repeat: log.warn({ channel }, 'bad request').
          const text = typeof args[0] === 'string' ? args[0] : typeof args[1] === 'string' ? args[1] : '';
          if (!limiter.allow(`${lvl}:${text}`, (line) => method.apply(this, [line] as unknown as Parameters<typeof method>))) return;
          return method.apply(this, args);
        },
      },
    },
    streams,
  );
  const fileReady = o.dataDir ? openRolledFile(o.dataDir, streams) : Promise.resolve(null);
  return Object.assign(logger, { fileReady });
}

async function openRolledFile(dataDir: string, streams: pino.MultiStreamRes<string>): Promise<string | null> {
  const dir = path.join(dataDir, LOGS_DIR);
  try {
    fs.mkdirSync(dir, { recursive: true });
    // Loaded only where a log file is kept (a shell), not by every CLI command's logger.
    const { default: pinoRoll } = await import('pino-roll');
    const stream = await pinoRoll({
      file: path.join(dir, 'atelier'),
      extension: '.log',
      size: ROLL_SIZE,
      frequency: 'daily',
      limit: { count: ROLL_KEEP },
      mkdir: true,
      // Synchronous writes: a line logged just before a crash must be on disk.
      sync: true,
    });
    let reported = false;
    // SonicBoom emits 'error' on ENOSPC/EIO; unhandled, that would end the process.
    stream.on('error', (err: Error) => {
      if (reported) return;
      reported = true;
      process.stderr.write(`atelier: log file write failed (${err.message}); logging to stderr only\n`);
    });
    streams.add({ level: 'trace', stream });
    return dir;
  } catch (err) {
    process.stderr.write(`atelier: cannot open log files in ${dir}: ${(err as Error).message}\n`);
    return null;
  }
}

let crashHandlersFor: Logger | null = null;

/** Sends what the crash handlers log to `logger` (a shell's file logger, once it exists); no-op if not installed. */
export function setCrashLogger(logger: Logger): void {
  if (crashHandlersFor) crashHandlersFor = logger;
}

/**
 * Logs what would otherwise vanish: uncaught exceptions (then exits non-zero — the process state is unknown,
 * and the supervisor, systemd or Shell Launcher, restarts the app) and unhandled rejections (logged; the app
 * keeps running). Installed once per process by each shell; later calls only switch the logger.
 */
export function installCrashLogging(logger: Logger, exit: (code: number) => void = (c) => process.exit(c)): void {
  const first = crashHandlersFor === null;
  crashHandlersFor = logger;
  if (!first) return;
  process.on('uncaughtException', (err, origin) => {
    crashHandlersFor?.fatal({ err, origin }, 'uncaught exception: exiting so the supervisor restarts the app');
    crashHandlersFor?.flush();
    exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    crashHandlersFor?.error({ err: reason }, 'unhandled promise rejection');
  });
}

export const log = createLogger('atelier');

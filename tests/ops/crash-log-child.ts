// Child process for log.test.ts: a shell's logging set-up, then an unhandled rejection and an uncaught exception.
import { createLogger, installCrashLogging } from '../../src/core/log';

const dataDir = process.argv[2]!;
const log = createLogger('crash-child', { dataDir, level: 'info' });
installCrashLogging(log);
await log.fileReady;
log.info('child started');
void Promise.reject(new Error('nobody awaited this'));
setTimeout(() => {
  throw new Error('boom in a timer');
}, 50);
setTimeout(() => log.info('still alive after 5 s (should not happen)'), 5000);

import fs from 'node:fs';
import path from 'node:path';
import { LOGS_DIR } from '../../src/core/log';

/** Every line the rotated log files under `<dataDir>/logs` hold, parsed (pino writes one JSON object a line). */
export function logLines(dataDir: string): Array<Record<string, unknown>> {
  const dir = path.join(dataDir, LOGS_DIR);
  return fs
    .readdirSync(dir)
    .filter((f) => /^atelier\.\d+\.log$/.test(f))
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

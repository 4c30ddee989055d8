import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import { appRoot } from '../paths';
import { serve } from './serve';

/**
 * Path of the Electron binary if it is installed, else null. Electron's npm package downloads its binary lazily
 * (outside the npm registry); we never trigger that download from `start`.
 */
export function installedElectronBinary(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const pkgDir = path.dirname(require.resolve('electron/package.json'));
    const rel = fs.readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim();
    const bin = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkgDir, 'dist'), rel);
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('open the mirror: Electron kiosk if its binary is installed, else the web shell')
    .action(async (_opts, cmd: Command) => {
      const bin = installedElectronBinary();
      if (!bin) {
        process.stdout.write('Electron binary not installed (npx install-electron to add it): starting the web shell instead.\n');
        await serve(cmd);
        return;
      }
      const passthrough = process.argv.slice(process.argv.indexOf('start') + 1);
      const g = cmd.optsWithGlobals<{ dataDir?: string; kiosk?: boolean }>();
      const args = [appRoot(), ...(g.dataDir ? [`--data-dir=${g.dataDir}`] : []), ...(g.kiosk === false ? ['--no-kiosk'] : []), ...passthrough];
      const child = spawn(bin, args, { stdio: 'inherit' });
      await new Promise<void>((resolve) =>
        child.on('exit', (code) => {
          process.exitCode = code ?? 1;
          resolve();
        }),
      );
    });
}

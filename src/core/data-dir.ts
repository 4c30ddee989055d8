import os from 'node:os';
import path from 'node:path';

/**
 * The OS's per-user application-data folder for Atelier, the same place Electron's `app.getPath('userData')`
 * would pick, so both shells share one catalog.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  switch (platform) {
    case 'win32':
      return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), 'Atelier');
    case 'darwin':
      return path.posix.join(home, 'Library', 'Application Support', 'Atelier');
    default:
      return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), 'atelier');
  }
}

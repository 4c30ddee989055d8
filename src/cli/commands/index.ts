import type { Command } from 'commander';
import { registerConfig } from './config';
import { registerDemo } from './demo';
import { registerServe } from './serve';
import { registerStart } from './start';
import { registerModels } from './models';
import { registerCatalog } from './catalog';
import { registerPose } from './pose';
import { registerTryOn } from './tryon';
import { registerAudit } from './audit';
import { registerHq } from './hq';

/**
 * Every command group, one module each. Add yours here, and keep its top-level imports light: every command's
 * start-up loads them all, so what one command needs (a browser driver, a server, a converter) is imported in its
 * action (`await import(…)`); src/cli/start-up.test.ts reads what `--help` loads.
 */
export const commandGroups: ReadonlyArray<(program: Command) => void> = [registerStart, registerServe, registerConfig, registerModels, registerCatalog, registerDemo, registerPose, registerTryOn, registerAudit, registerHq];

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

/** Every command group, one module each. Add yours here. */
export const commandGroups: ReadonlyArray<(program: Command) => void> = [registerStart, registerServe, registerConfig, registerModels, registerCatalog, registerDemo, registerPose, registerTryOn, registerAudit, registerHq];

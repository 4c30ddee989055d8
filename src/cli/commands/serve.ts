import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { installCrashLogging } from '../../core/log';
import { configFrom } from '../context';
import { demoDir, inferenceScript, modelsDir, rendererDir } from '../paths';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the web shell: the mirror over HTTP on 127.0.0.1 (open it in Chromium --kiosk)')
    .action(async (_opts, cmd: Command) => {
      await serve(cmd);
    });
}

/** Starts the web shell and keeps running until SIGINT/SIGTERM. */
export async function serve(cmd: Command): Promise<void> {
  const loaded = configFrom(cmd);
  // Loaded when the shell starts, with the HTTP server below: the services (catalog, demo seeding with its sewing
  // patterns, the engine's spawner) are not every command's start-up.
  const { createCoreServices } = await import('../../core/services');
  const { nodeEngineSpawner } = await import('../../core/engine-spawn-node');
  const models = modelsDir();
  const script = inferenceScript();
  let engine: Parameters<typeof createCoreServices>[0]['engine'];
  if (loaded.config.engine === 'browser') {
    process.stdout.write('pose engine: browser (configured)\n');
  } else if (!fs.existsSync(path.join(models, 'manifest.json'))) {
    process.stdout.write(`pose engine: no models in ${models} — run \`atelier models build\`\n`);
  } else {
    engine = { spawn: nodeEngineSpawner(script), modelsDir: models };
  }
  const services = createCoreServices({ shell: 'web', loaded, engine, demoDir: demoDir() });
  installCrashLogging(services.log);
  let shell;
  try {
    const { startWebShell } = await import('../../web/server');
    shell = await startWebShell({ services, rendererDir: rendererDir(), host: loaded.config.host, port: loaded.config.port });
  } catch (e) {
    // Stop the inference process too, or it would keep this process alive after the error.
    await services.close();
    throw e;
  }
  process.stdout.write(`Atelier mirror: ${shell.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      void shell
        .close()
        .then(() => services.close())
        .finally(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

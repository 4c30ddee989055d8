import path from 'node:path';
import type { Command } from 'commander';
import { log } from '../../core/log';

/** Where the collection goes unless `--out` says otherwise, relative to the working directory (the repo at install). */
export const DEFAULT_DEMO_OUT = 'assets/generated';

export function registerDemo(program: Command): void {
  const demo = program.command('demo').description('the generated demo collection (garment pictures, 3D garments, catalog)');
  demo
    .command('build')
    .description('draw the demo garments and write them with the demo catalog (deterministic: same bytes every run)')
    .option('--out <dir>', `output directory (default ${DEFAULT_DEMO_OUT})`)
    .option('--json', 'print the build summary as JSON')
    .action(async (opts: { out?: string; json?: boolean }) => {
      const outDir = path.resolve(opts.out ?? DEFAULT_DEMO_OUT);
      // Loaded when the command runs: the patterns and the cloth solver are not the CLI's start-up.
      const { buildDemoCollection } = await import('../../core/demo/build');
      const result = await buildDemoCollection(outDir);
      log.info({ ...result }, 'demo collection built');
      if (opts.json) process.stdout.write(JSON.stringify(result) + '\n');
      else {
        const t = result.timingsMs;
        process.stdout.write(
          `demo: ${result.products} products, ${result.garments2d} 2D + ${result.garments3d} 3D garments, ${(result.bytes / 1e6).toFixed(1)} MB in ${outDir}\n` +
            `      ${t.total} ms (draw ${t.draw}, png ${t.encode}, glb ${t.models3d})\n` +
            Object.entries(result.drapeMs)
              .map(([id, ms]) => `      drape ${id}: ${ms} ms (cloth solver, part of draw)\n`)
              .join(''),
        );
      }
    });
}

#!/usr/bin/env node
// The `atelier` command: a thin launcher for the built CLI (out/node/cli.js, made by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/node/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('atelier: not built yet — run `npm run build` (npm ci does it for you)\n');
  process.exit(2);
}
const { main } = await import(pathToFileURL(cli).href);
const code = await main(process.argv.slice(2));
// Commands that keep running (serve, start) never resolve; the rest exit with their code.
process.exitCode = code;

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm ci` must not need the internet beyond the npm registry. onnxruntime-node's postinstall downloads CUDA from
 * NuGet unless told to skip; the old `.npmrc` key made npm 11 warn `Unknown project config
 * "onnxruntime-node-install"` and will be ignored by the next npm. The switch is now the environment variable the
 * package's own install script reads, set by the install step.
 */
const ORT_INSTALL = path.resolve('node_modules/onnxruntime-node/script/install.js');

describe('install without CUDA download', () => {
  it('no .npmrc key npm does not know', () => {
    const npmrc = fs.existsSync('.npmrc') ? fs.readFileSync('.npmrc', 'utf8') : '';
    expect(npmrc).not.toMatch(/^\s*onnxruntime/m);
  });

  it('.ci/run exports ONNXRUNTIME_NODE_INSTALL=skip before npm ci, and README says so', () => {
    const ci = fs.readFileSync('.ci/run', 'utf8');
    const at = ci.indexOf('export ONNXRUNTIME_NODE_INSTALL=skip');
    expect(at).toBeGreaterThan(-1);
    expect(ci.indexOf('npm ci')).toBeGreaterThan(at);
    expect(fs.readFileSync('README.md', 'utf8')).toContain('export ONNXRUNTIME_NODE_INSTALL=skip');
  });

  it("onnxruntime-node's install script exits at once with the variable, without npm's config", () => {
    if (!fs.existsSync(ORT_INSTALL)) throw new Error(`${ORT_INSTALL} is missing: run npm ci`);
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, ONNXRUNTIME_NODE_INSTALL: 'skip' };
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [ORT_INSTALL], { cwd: path.dirname(path.dirname(ORT_INSTALL)), env, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toBe('');
    // An attempted NuGet download takes seconds and fails offline; the skip returns before any request.
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

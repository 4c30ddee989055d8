// `npm run dist:check`: checks electron-builder.yml without the Electron binary (which cannot be downloaded here).
//  1. electron-builder's own loader and schema validation (the same code `electron-builder` runs first), and a
//     deliberately broken copy must be rejected, so we know the validator really ran;
//  2. the kiosk's packaging policy: targets, fuses, native addons unpacked, rebuild through @electron/rebuild,
//     extra resources present;
//  3. everything that needs no binary: out/ built, every package the built Node code imports is a production
//     dependency (electron-builder ships only those), and the app archive packed with @electron/asar using the
//     config's own asarUnpack globs — the native .node files must land outside the archive.
// Exit code 0 when all hold; one line per problem otherwise. `--no-pack` skips step 3's archive.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const CONFIG = 'electron-builder.yml';
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
const { DebugLogger } = require('builder-util');
const asar = require('@electron/asar');

const problems = [];
const ok = (msg) => console.log(`  ok  ${msg}`);
const fail = (msg) => {
  problems.push(msg);
  console.log(`  FAIL ${msg}`);
};
const check = (cond, msg) => (cond ? ok(msg) : fail(msg));

// 1. Schema -------------------------------------------------------------------------------------------------------
console.log(`1. ${CONFIG}: electron-builder's schema`);
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const config = await getConfig(root, path.join(root, CONFIG), null, { value: pkg });
try {
  await validateConfiguration(config, new DebugLogger(false));
  ok(`valid for electron-builder ${require('app-builder-lib/package.json').version}`);
} catch (e) {
  fail(`schema: ${e.message.split('\n')[0]}`);
}
try {
  await validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } }, new DebugLogger(false));
  fail('a misspelt fuse passed validation: the validator is not checking');
} catch {
  ok('a misspelt fuse is rejected (the validator is live)');
}

// 2. Kiosk policy -------------------------------------------------------------------------------------------------
console.log('2. kiosk packaging policy');
const targets = (t) => (Array.isArray(t) ? t : [t]).map((x) => (typeof x === 'string' ? x : x?.target));
check(['AppImage', 'deb'].every((t) => targets(config.linux?.target).includes(t)), 'linux targets: AppImage and deb');
check(targets(config.win?.target).includes('nsis'), 'windows target: nsis');
const fuses = config.electronFuses ?? {};
const wantFuses = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
};
for (const [k, v] of Object.entries(wantFuses)) check(fuses[k] === v, `fuse ${k} = ${v}`);
check(config.asar !== false, 'app packed as asar');
const unpack = [config.asarUnpack ?? []].flat();
for (const m of ['onnxruntime-node', 'better-sqlite3']) check(unpack.some((g) => g.includes(`node_modules/${m}/`)), `${m} unpacked from the asar`);
check(config.npmRebuild !== false && config.nativeRebuilder !== 'legacy', "native addons rebuilt for Electron's ABI with @electron/rebuild");
check(pkg.dependencies?.['onnxruntime-node'] && pkg.dependencies?.['better-sqlite3'], 'native addons are production dependencies');
check(pkg.devDependencies?.electron && !pkg.dependencies?.electron, 'electron is a devDependency (electron-builder requires it)');
check(pkg.main === 'out/node/main.js', 'package.json main is the built Electron main');
for (const r of config.extraResources ?? []) {
  const from = path.join(root, r.from);
  check(fs.existsSync(from), `extra resource ${r.from} exists`);
}
check(fs.existsSync(path.join(root, 'models/manifest.json')), 'models built (models/manifest.json; run npm run models:build)');
check(fs.existsSync(path.join(root, 'assets/generated/demo-catalog.json')), 'demo collection generated (assets/generated)');
check(fs.existsSync(path.join(root, 'deploy/atelier-kiosk.service')), 'deploy/ carries the systemd unit');

// 3. What can be built without the binary --------------------------------------------------------------------------
console.log('3. build and pack without the Electron binary');
if (!fs.existsSync(path.join(root, 'out/node/main.js'))) execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
for (const f of ['out/node/main.js', 'out/node/inference-process.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
  check(fs.existsSync(path.join(root, f)), `${f} built`);
}

const IMPORT_RE = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)["']([^"']+)["']/gm;

/**
 * Bare package names reachable from the packaged entry points (vite leaves dependencies external and splits
 * shared code into chunks, followed here through relative imports). The CLI is not an entry of the package.
 */
function importedPackages(entries) {
  const names = new Set();
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file) || !fs.existsSync(file)) return;
    seen.add(file);
    for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT_RE)) {
      const spec = m[1];
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
      else if (!spec.startsWith('node:') && !builtinModules.includes(spec)) {
        names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
      }
    }
  };
  entries.forEach((e) => visit(path.join(root, e)));
  return names;
}
const shipped = new Set([...Object.keys(pkg.dependencies ?? {}), 'electron']);
const imported = importedPackages(['out/node/main.js', 'out/node/inference-process.js', 'out/preload/index.cjs']);
const missing = [...imported].filter((n) => !shipped.has(n));
check(
  missing.length === 0,
  `the app's processes import only shipped packages${missing.length ? ` — not in dependencies: ${missing.join(', ')}` : ` (${[...imported].sort().join(', ')})`}`,
);

if (!process.argv.includes('--no-pack')) {
  // Stage what electron-builder would put in the app folder: files + the native production dependencies (the
  // pure-JS ones change nothing about unpacking and would only make this slow).
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-dist-check-'));
  try {
    const app = path.join(stage, 'app');
    fs.mkdirSync(app);
    fs.cpSync(path.join(root, 'out'), path.join(app, 'out'), { recursive: true, filter: (s) => !s.endsWith('.map') });
    fs.copyFileSync(path.join(root, 'package.json'), path.join(app, 'package.json'));
    const skipOtherOs = (s) => !/onnxruntime-node[\\/]bin[\\/]napi-v\d+[\\/](darwin|win32)/.test(s);
    for (const m of ['better-sqlite3', 'onnxruntime-node']) {
      fs.cpSync(path.join(root, 'node_modules', m), path.join(app, 'node_modules', m), { recursive: true, filter: skipOtherOs, dereference: true });
    }
    const archive = path.join(stage, 'app.asar');
    const globs = unpack.map((g) => g.replace(/^\*\*\//, '**/'));
    await asar.createPackageWithOptions(app, archive, { unpack: globs.length > 1 ? `{${globs.join(',')}}` : globs[0] });
    const listed = new Set(asar.listPackage(archive, { isPack: false }).map((p) => p.replaceAll('\\', '/')));
    for (const f of ['/package.json', '/out/node/main.js', '/out/node/inference-process.js', '/out/preload/index.cjs', '/out/renderer/index.html']) {
      check(listed.has(f), `app.asar holds ${f}`);
    }
    const unpackedDir = `${archive}.unpacked`;
    const nodeFiles = [];
    const walk = (d) => {
      if (!fs.existsSync(d)) return;
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.node')) nodeFiles.push(path.relative(unpackedDir, p));
      }
    };
    walk(unpackedDir);
    check(nodeFiles.some((f) => f.includes('better_sqlite3.node')), 'better_sqlite3.node lies outside the archive (app.asar.unpacked)');
    check(nodeFiles.some((f) => f.includes('onnxruntime_binding.node')), 'onnxruntime_binding.node lies outside the archive (app.asar.unpacked)');
    const mainJs = asar.extractFile(archive, 'out/node/main.js').toString('utf8');
    check(mainJs.includes('runMain'), `out/node/main.js readable from the archive (${(fs.statSync(archive).size / 1e6).toFixed(1)} MB asar)`);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

console.log(
  problems.length === 0
    ? `dist:check passed. Not done here (needs the Electron ${pkg.devDependencies.electron} binary and headers): @electron/rebuild of better-sqlite3, flipping the fuses, the installers — run \`npm run dist\` where they can be downloaded.`
    : `dist:check: ${problems.length} problem(s)`,
);
process.exit(problems.length === 0 ? 0 : 1);

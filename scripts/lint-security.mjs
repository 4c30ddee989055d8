// `npm run lint:security`: Doyensec's electronegativity over src/ for the Electron version we ship. Fails when a
// HIGH (or CRITICAL) finding is not explained in docs/security.md's findings table (`| CHECK_ID | file | why |`).
// Its CLI is broken against our commander@14, so the library's own runner is called directly.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const run = require('@doyensec/electronegativity');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const electronVersion = pkg.devDependencies.electron.replace(/^[^\d]*/, '');
const DOC = 'docs/security.md';
const FAIL_AT = 'HIGH';

/** `| CHECK_ID | src-relative file | why |` rows of the findings table in docs/security.md. */
function explained() {
  const rows = new Map();
  for (const line of fs.readFileSync(path.join(root, DOC), 'utf8').split('\n')) {
    const m = /^\|\s*`?([A-Z_]+_CHECK)`?\s*\|\s*`?([^|`]+?)`?\s*\|\s*(.+?)\s*\|\s*$/.exec(line);
    if (m && m[3].length > 10) rows.set(`${m[1]} ${m[2]}`, m[3]);
  }
  return rows;
}

// Quiet its banner and "fetching releases" chatter (there is no network here; the version is given).
const log = console.log;
console.log = () => {};
let result;
try {
  result = await run({ input: path.join(root, 'src'), electronVersionOverride: electronVersion, isRelative: true, parserPlugins: [] });
} finally {
  console.log = log;
}
const waivers = explained();
const rank = (s) => ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].indexOf(s.name ?? s);
const unexplained = [];
console.log(`electronegativity: ${result.atomicChecks + result.globalChecks} checks over src/ for Electron ${electronVersion}`);
for (const e of result.errors) console.log(`  parse ${e.tolerable ? 'warning' : 'error'}: ${e.file}: ${e.message}`);
for (const i of result.issues) {
  const file = i.file.replaceAll('\\', '/');
  const key = `${i.id} ${file}`;
  const why = waivers.get(key);
  const sev = i.severity.name ?? String(i.severity.value);
  const line = `  ${sev.padEnd(8)} ${i.id} ${file}:${i.location.line}${why ? `  (explained: ${why.slice(0, 70)}…)` : ''}`;
  console.log(line);
  if (rank(i.severity) >= rank(FAIL_AT) && !why) unexplained.push(key);
}
for (const k of waivers.keys()) {
  if (!result.issues.some((i) => `${i.id} ${i.file.replaceAll('\\', '/')}` === k)) console.log(`  note: ${DOC} explains ${k}, which is no longer reported`);
}
const broken = result.errors.filter((e) => !e.tolerable);
if (unexplained.length || broken.length) {
  console.error(`lint:security: ${unexplained.length} ${FAIL_AT}+ finding(s) not explained in ${DOC}: ${unexplained.join(', ')}${broken.length ? `; ${broken.length} file(s) could not be parsed` : ''}`);
  process.exit(1);
}
console.log(`lint:security: no unexplained ${FAIL_AT}+ findings`);

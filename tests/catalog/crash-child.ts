// Run as a real child process by crash.test.ts (bundled first): syncs or imports into a data directory, then exits.
// The parent SIGKILLs it at a random moment.
import { Catalog } from '../../src/core/catalog/catalog';

const [mode, dataDir, target] = process.argv.slice(2);
const cat = Catalog.open(dataDir!);
if (mode === 'sync') {
  await cat.sync(target!, { backoffMs: 5 });
} else {
  const r = cat.importFile(target!, { replace: true });
  if (r.problems.length) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
}
cat.close();
process.stdout.write('done\n');

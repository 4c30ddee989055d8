import type { Command } from 'commander';
import { AuditLog } from '../../core/admin/audit';
import { Catalog } from '../../core/catalog/catalog';
import { configFrom, UsageError } from '../context';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the staff audit log of catalog and account changes');

  audit
    .command('verify')
    .description('check the audit log\'s hash chain: exit 1 naming the first row that was edited or deleted')
    .action((_opts, cmd: Command) => {
      const { dataDir } = configFrom(cmd);
      let cat: Catalog;
      try {
        cat = Catalog.open(dataDir);
      } catch (e) {
        throw new UsageError((e as Error).message, 1);
      }
      try {
        const r = new AuditLog(cat.db).verify();
        if (!r.ok) throw new UsageError(r.problem ?? 'audit log broken', 1);
        process.stdout.write(`audit log intact: ${r.rows} row${r.rows === 1 ? '' : 's'}, hash chain verified\n`);
      } finally {
        cat.close();
      }
    });
}

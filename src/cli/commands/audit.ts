import type { Command } from 'commander';
import { AuditLog } from '../../core/admin/audit';
import { UsageError } from '../context';
import { withCatalog } from '../with-catalog';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the staff audit log of catalog and account changes');

  audit
    .command('verify')
    .description('check the audit log\'s hash chain: exit 1 naming the first row that was edited or deleted')
    .action((_opts, cmd: Command) => {
      return withCatalog(cmd, (cat) => {
        const r = new AuditLog(cat.db).verify();
        if (!r.ok) throw new UsageError(r.problem ?? 'audit log broken', 1);
        process.stdout.write(`audit log intact: ${r.rows} row${r.rows === 1 ? '' : 's'}, hash chain verified\n`);
      });
    });
}

import type { Command } from 'commander';
import { configFrom } from '../context';

export function registerConfig(program: Command): void {
  const config = program.command('config').description('show the effective configuration');
  config
    .command('show', { isDefault: true })
    .description('print the effective configuration (file + environment + flags) as JSON')
    .action((_opts, cmd: Command) => {
      const { dataDir, file, config: c } = configFrom(cmd);
      process.stdout.write(JSON.stringify({ dataDir, file, config: c }, null, 2) + '\n');
    });
}

/**
 * `recon user add` (web accounts) and `recon serve` (the web page, plus Bull
 * Board at /admin/queues for province users when REDIS_URL is set).
 */
import type { Command } from 'commander';
import { defaultDbUrl } from '../config/env.js';
import { InputError } from '../errors.js';
import { log } from '../log.js';
import { readPassword } from '../web/read-password.js';
import { addUser } from '../web/users.js';
import { withDb } from './with-db.js';

export function register(program: Command): void {
  const user = program.command('user').description('web page accounts');
  user
    .command('add <name>')
    .description('create a web account (or reset its password, role and region); password prompted, or read from stdin')
    .requiredOption('--role <role>', 'province | city | county')
    .requiredOption('--region <code>', 'region code: 2 digits (province), 4 (city) or 6 (county)')
    .option('--db <url>', 'SQLite file or postgres:// URL (default: DATABASE_URL, else recon.sqlite)', defaultDbUrl())
    .action(async (name: string, opts: { role: string; region: string; db: string }) => {
      const password = await readPassword();
      const outcome = await withDb(opts.db, (db) => addUser(db, { name, role: opts.role, region: opts.region, password }));
      process.stdout.write(`user ${name} ${outcome} (${opts.role} ${opts.region})\n`);
    });

  program
    .command('serve')
    .description('serve the web page for county staff')
    .option('--port <port>', 'port to listen on', process.env.PORT || '3000')
    .option('--host <host>', 'address to listen on', '0.0.0.0')
    .option('--db <url>', 'SQLite file or postgres:// URL (default: DATABASE_URL, else recon.sqlite)', defaultDbUrl())
    .action(async (opts: { port: string; host: string; db: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InputError(`--port: "${opts.port}" is not a port`);
      const { serveWeb } = await import('../web/serve.js');
      await serveWeb({ dbUrl: opts.db, port, host: opts.host, logger: log });
    });
}

/** `recon user add` end to end: the password from stdin, stored as a scrypt hash, and then good for logging in. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/create-db.js';
import { checkLogin, findUserByName } from '../../src/web/users.js';
import { tempDir } from '../helpers/db.js';
import fs from 'node:fs';

const ROOT = path.resolve(import.meta.dirname, '../..');

function recon(args: string[], input: string) {
  const script = `import('./src/cli/index.ts').then(async (m) => { process.exitCode = await m.main(['node', 'recon', ...${JSON.stringify(args)}]); })`;
  return spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
}

describe('recon user add', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('creates a county account from a password on stdin, then updates it', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const dbFile = path.join(dir, 'web.sqlite');
    const created = recon(['user', 'add', 'lixia', '--role', 'county', '--region', '370102', '--db', dbFile], 'first password 1\n');
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(created.stdout).toContain('user lixia created');
    const updated = recon(['user', 'add', 'lixia', '--role', 'county', '--region', '370102', '--db', dbFile], 'second password 2\n');
    expect(updated.stdout).toContain('user lixia updated');

    const db = await createDb(dbFile);
    try {
      const user = (await findUserByName(db, 'lixia'))!;
      expect(user).toMatchObject({ role: 'county', region: '370102' });
      expect(user.password_hash).toMatch(/^scrypt\$/);
      expect(user.password_hash).not.toContain('second password');
      expect(await checkLogin(db, 'lixia', 'first password 1')).toBeNull();
      expect((await checkLogin(db, 'lixia', 'second password 2'))?.id).toBe(user.id);
    } finally {
      await db.close();
    }
  });

  it('refuses a region that does not fit the role (exit 2, one line)', () => {
    const dir = tempDir();
    dirs.push(dir);
    const result = recon(['user', 'add', 'x', '--role', 'city', '--region', '370102', '--db', path.join(dir, 'w.sqlite')], 'some password 9\n');
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('recon: --region: a city user needs a 4-digit region code');
  });
});

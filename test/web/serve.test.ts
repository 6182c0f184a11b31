/** `recon serve` as a process: listens, serves the login page, and shuts down cleanly on SIGTERM. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/db.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

describe('recon serve', () => {
  it('serves the login page and exits 0 on SIGTERM', async () => {
    const dir = tempDir();
    const port = await freePort();
    const args = ['serve', '--port', String(port), '--host', '127.0.0.1', '--db', path.join(dir, 'web.sqlite')];
    const script = `import('./src/cli/index.ts').then(async (m) => { process.exitCode = await m.main(['node', 'recon', ...${JSON.stringify(args)}]); })`;
    const env = { ...process.env, REDIS_URL: '', LOG_LEVEL: 'info' };
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let login: Response | null = null;
      for (let i = 0; i < 120 && !login; i++) {
        login = await fetch(`http://127.0.0.1:${port}/login`).catch(() => null);
        if (!login) await new Promise((r) => setTimeout(r, 500));
      }
      expect(login?.status).toBe(200);
      expect(await login!.text()).toContain('登录');
      const redirected = await fetch(`http://127.0.0.1:${port}/findings?x=1`, { redirect: 'manual' });
      expect(redirected.status).toBe(303);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toContain('web page listening');
      expect(stderr).not.toContain('x=1');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

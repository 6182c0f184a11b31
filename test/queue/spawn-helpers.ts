/**
 * Worker processes for queue tests: `node bin/recon.js worker` (the built
 * dist/, as in production), each with its own environment, its output kept.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from './redis-helpers.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/recon.js');

/** `npm test` builds first; a bare `vitest run` of this folder builds when dist/ is missing. */
export function ensureBuilt(): void {
  if (fs.existsSync(path.join(ROOT, 'dist/cli/index.js')) && fs.existsSync(path.join(ROOT, 'dist/queue/workers.js'))) return;
  const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0 && !fs.existsSync(path.join(ROOT, 'dist/queue/workers.js'))) throw new Error('build failed');
}

export interface SpawnedRecon {
  child: ChildProcess;
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

export function spawnRecon(args: string[], env: Record<string, string>): SpawnedRecon {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    waitForOutput: async (pattern, timeoutMs = 60_000) => {
      await waitFor(`${pattern} in the output of recon ${args[0]}`, async () => pattern.test(output), timeoutMs, 50);
    },
    exited,
  };
}

/** Stops a spawned worker and waits for it to exit. */
export async function stop(proc: SpawnedRecon | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill(signal);
  await proc.exited;
}

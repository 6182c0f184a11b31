import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/ingest');

export { params } from '../../helpers/params.js';

export function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'recon-ingest-'));
}

export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Params } from '../../../src/model/params.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/ingest');

export function params(overrides: Partial<Params> = {}): Params {
  return {
    asOf: '2023-06-10',
    region: '37',
    monitoringLine: 7100,
    newSince: '2022-06-01',
    medicalExpenseThreshold: 20000,
    educationStages: [],
    ticketDueDays: 30,
    ...overrides,
  };
}

export function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'recon-ingest-'));
}

export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Derives every department row of a household and keeps the batch in step when a case adds people. */
import { schoolAge } from './dates.js';
import { dibaoRowsFor, educationRowFor, medicalRowsFor, tekunRowFor } from './derive.js';
import type { Batch, GeneratorOptions, Household, Person } from './model.js';
import type { Prng } from './prng.js';

export function deriveRows(rng: Prng, batch: Batch, hh: Household, opts: GeneratorOptions): void {
  for (const p of hh.members) derivePersonRows(rng, batch, hh, p, opts);
  batch.dibao.push(...dibaoRowsFor(rng, hh, opts));
}

/** Medical, 学籍 and 特困 rows of one person (低保 rows are per civil household). */
export function derivePersonRows(rng: Prng, batch: Batch, hh: Household, p: Person, opts: GeneratorOptions): void {
  batch.medical.push(...medicalRowsFor(rng, hh, p, opts));
  const edu = educationRowFor(rng, hh, p, schoolAge(p.birth, opts.asOf));
  if (edu) batch.education.push(edu);
  if (p.tekun && p.status === '正常') batch.tekun.push(tekunRowFor(rng, hh, p, opts));
}

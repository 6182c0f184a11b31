/**
 * Writes synthetic extracts shaped like the real ones (data-contract.md).
 *   node --import tsx scripts/generate.ts --out sample-data [--scale small|city] [--seed N] [--night 1|2] [--households N]
 * Same seed, same bytes. Small scale: a few hundred households in two
 * counties, every messy value and every rule. City scale: ≈1M system persons
 * in 菏泽市, as CSV, for benchmarks (write it under bench-data/, gitignored).
 */
import { parseArgs } from 'node:util';
import { generateExtracts } from './generator/generate.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    scale: { type: 'string', default: 'small' },
    seed: { type: 'string', default: '20240630' },
    night: { type: 'string', default: '1' },
    households: { type: 'string' },
  },
});
if (!values.out) {
  console.error('usage: generate.ts --out <dir> [--scale small|city] [--seed N] [--night 1|2] [--households N]');
  process.exit(2);
}
if (values.scale !== 'small' && values.scale !== 'city') {
  console.error(`--scale must be small or city, not ${values.scale}`);
  process.exit(2);
}
if (values.night !== '1' && values.night !== '2') {
  console.error(`--night must be 1 or 2, not ${values.night}`);
  process.exit(2);
}
const started = Date.now();
const report = await generateExtracts({
  outDir: values.out,
  seed: Number(values.seed),
  scale: values.scale,
  night: values.night === '2' ? 2 : 1,
  households: values.households ? Number(values.households) : undefined,
});
console.error(`generated ${report.households} households, ${report.persons} system persons in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(JSON.stringify(report, null, 2));

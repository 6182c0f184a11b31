/**
 * What a 64 KB read costs the thread that parses (readers/csv.ts reads this
 * way): a file read through once with `fs.readSync`, once with a FileHandle's
 * promise (a round trip through libuv's pool), once with a read stream, each
 * twice, from the page cache after the first pass. Prints µs of wall time and
 * of CPU (this process, pool threads included) per read.
 *   node --import tsx scripts/bench/read-cost.ts <file>
 */
import fs from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: read-cost.ts <file>');
  process.exit(2);
}
const READ_BYTES = 1 << 16;
const buffer = Buffer.allocUnsafe(READ_BYTES);

const ways: Record<string, () => Promise<number>> = {
  readSync: async () => {
    const fd = fs.openSync(file, 'r');
    let reads = 0;
    while (fs.readSync(fd, buffer, 0, READ_BYTES, null) > 0) reads++;
    fs.closeSync(fd);
    return reads;
  },
  'FileHandle.read': async () => {
    const handle = await fs.promises.open(file, 'r');
    let reads = 0;
    while ((await handle.read(buffer, 0, READ_BYTES, null)).bytesRead > 0) reads++;
    await handle.close();
    return reads;
  },
  'read stream': () =>
    new Promise((resolve, reject) => {
      let reads = 0;
      fs.createReadStream(file, { highWaterMark: READ_BYTES })
        .on('data', () => reads++)
        .on('end', () => resolve(reads))
        .on('error', reject);
    }),
};

await ways.readSync!(); // into the page cache
for (let round = 1; round <= 2; round++) {
  for (const [name, read] of Object.entries(ways)) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const reads = await read();
    const wall = (performance.now() - started) * 1000;
    const used = process.cpuUsage(cpu);
    console.log(`${name}: ${reads} reads, ${(wall / reads).toFixed(1)} µs wall, ${((used.user + used.system) / reads).toFixed(1)} µs CPU a read`);
  }
}

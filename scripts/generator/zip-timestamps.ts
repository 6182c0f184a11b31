/**
 * exceljs stamps every zip entry with the current time, so two runs with one
 * seed would write different XLSX bytes. This sets every entry's DOS date and
 * time (local headers and central directory) to 2024-01-01 00:00.
 */
import { readFile, writeFile } from 'node:fs/promises';

const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;
const DOS_TIME = 0;

export async function fixZipTimestamps(path: string): Promise<void> {
  const zip = await readFile(path);
  // the end-of-central-directory record: 22 bytes plus an optional comment at the very end
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${path}: not a zip file`);
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`${path}: bad central directory`);
    zip.writeUInt16LE(DOS_TIME, p + 12);
    zip.writeUInt16LE(DOS_DATE, p + 14);
    const local = zip.readUInt32LE(p + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`${path}: bad local header`);
    zip.writeUInt16LE(DOS_TIME, local + 10);
    zip.writeUInt16LE(DOS_DATE, local + 12);
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  await writeFile(path, zip);
}

/**
 * One pass over the file before parsing: its sha256 (the extract id), its
 * first bytes (format sniffing) and whether it is valid UTF-8 (encoding
 * detection that never lets GBK through as mojibake).
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import fs from 'node:fs';

export interface FileFingerprint {
  sha256: string;
  size: number;
  head: Buffer;
  validUtf8: boolean;
}

export async function fingerprintFile(filePath: string): Promise<FileFingerprint> {
  const hash = createHash('sha256');
  let carry: Buffer | null = null;
  let validUtf8 = true;
  let size = 0;
  let head = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (head.length < 8) head = Buffer.concat([head, chunk.subarray(0, 8)]);
    size += chunk.length;
    if (validUtf8) {
      const bytes: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      const cut = completeLength(bytes);
      validUtf8 = isUtf8(bytes.subarray(0, cut));
      carry = cut < bytes.length ? Buffer.from(bytes.subarray(cut)) : null;
    }
  }
  // a multi-byte character cut off at the end of the file
  if (carry) validUtf8 = false;
  return { sha256: hash.digest('hex'), size, head, validUtf8 };
}

/** Length of the prefix that ends on a character boundary (a UTF-8 sequence cut at the chunk's end is held back). */
function completeLength(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if (byte < 0x80) return bytes.length; // ASCII: nothing cut
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return needed > back ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length;
}

export function looksLikeZip(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** The old binary .xls (OLE compound file), which we do not read. */
export function looksLikeOle(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0;
}

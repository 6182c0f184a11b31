/**
 * One pass over the file before parsing: its sha256 (the extract id), its
 * first bytes (format sniffing) and whether it is valid UTF-8 (encoding
 * detection that never lets GBK through as mojibake).
 */
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
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let validUtf8 = true;
  let size = 0;
  let head = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (head.length < 8) head = Buffer.concat([head, chunk.subarray(0, 8)]);
    size += chunk.length;
    if (validUtf8) {
      try {
        utf8.decode(chunk, { stream: true });
      } catch {
        validUtf8 = false;
      }
    }
  }
  if (validUtf8) {
    try {
      utf8.decode(); // a multi-byte character cut off at the end of the file
    } catch {
      validUtf8 = false;
    }
  }
  return { sha256: hash.digest('hex'), size, head, validUtf8 };
}

export function looksLikeZip(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** The old binary .xls (OLE compound file), which we do not read. */
export function looksLikeOle(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0;
}

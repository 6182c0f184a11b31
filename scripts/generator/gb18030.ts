/**
 * UTF-16 text → GB18030 bytes, in-process and streaming. The system `iconv`
 * reads its whole input before writing anything (a 2M-row 医保 file would sit
 * in its memory), so the two-byte table is built once from Node's own
 * GB18030 decoder, and `iconv` is asked only about characters outside it
 * (four-byte codes such as U+00A0), each once.
 */
import { execFileSync } from 'node:child_process';

let twoByte: Map<number, number> | null = null;
const rare = new Map<number, Buffer>();

function table(): Map<number, number> {
  if (twoByte) return twoByte;
  const map = new Map<number, number>();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const text = decoder.decode(Uint8Array.of(lead, trail));
      if (text.length === 1 && text !== '\uFFFD' && !map.has(text.charCodeAt(0))) map.set(text.charCodeAt(0), (lead << 8) | trail);
    }
  }
  twoByte = map;
  return map;
}

function rareBytes(codePoint: number): Buffer {
  let bytes = rare.get(codePoint);
  if (!bytes) {
    bytes = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: String.fromCodePoint(codePoint) });
    rare.set(codePoint, bytes);
  }
  return bytes;
}

export function encodeGb18030(text: string): Buffer {
  const codes = table();
  const out = Buffer.allocUnsafe(text.length * 4);
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      out[n++] = cp;
      continue;
    }
    const code = cp <= 0xffff ? codes.get(cp) : undefined;
    if (code !== undefined) {
      out[n++] = code >> 8;
      out[n++] = code & 0xff;
    } else {
      n += rareBytes(cp).copy(out, n);
    }
  }
  return out.subarray(0, n);
}

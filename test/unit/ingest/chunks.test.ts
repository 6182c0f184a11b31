import { describe, expect, it } from 'vitest';
import { packChunk, unpackChunk } from '../../../src/ingest/chunks.js';
import type { RecordChunk } from '../../../src/ingest/sqlite-insert.js';

/** A chunk of `count` records whose texts are `chars` long (two-byte text, as a record with Chinese names is). */
function chunkOf(count: number, chars: number): RecordChunk {
  const chunk: RecordChunk = { rows: [], idKeys: [], data: [] };
  for (let i = 0; i < count; i++) {
    chunk.rows.push(i + 3);
    chunk.idKeys.push(i % 7 === 0 ? '' : `3717021980010${String(i).padStart(5, '0')}`);
    chunk.data.push(JSON.stringify([`张${i}`, '户'.repeat(chars)]));
  }
  return chunk;
}

describe('chunks between threads', () => {
  it('packs a chunk into pieces that V8 keeps in its young generation, and unpacks it exactly', () => {
    const chunk = chunkOf(8000, 250);
    const packed = packChunk(chunk);
    expect(packed.data.length).toBeGreaterThan(50);
    expect(packed.idKeys.length).toBe(packed.data.length);
    // each piece under 128 KB as UTF-16 (V8's largest object in the young generation)
    for (const piece of packed.data) expect(piece.length * 2).toBeLessThan(128 * 1024);
    expect(unpackChunk(packed)).toStrictEqual(chunk);
  });

  it('packs a short chunk as one piece, and a record longer than a piece as a piece of its own', () => {
    const small = chunkOf(3, 40);
    expect(packChunk(small).data).toEqual([small.data.join('\n')]);
    expect(unpackChunk(packChunk(small))).toStrictEqual(small);
    const long = chunkOf(5, 40_000);
    expect(packChunk(long).data.length).toBe(5);
    expect(unpackChunk(packChunk(long))).toStrictEqual(long);
  });
});

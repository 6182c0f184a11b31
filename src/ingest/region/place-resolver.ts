/**
 * Names (and 12-digit 行政区划代码) → official divisions (data-contract.md,
 * "Region"). County within its city, else within the run's region; town
 * within county; village within town after dropping committee suffixes, then
 * a trailing 村/社区. Only a unique match resolves; each level that resolves
 * is kept; nothing is guessed.
 */
import type { Place } from '../../model/records.js';
import type { Division, DivisionTable } from './division-table.js';

export interface PlaceNames {
  city?: string;
  county?: string;
  town?: string;
  village?: string;
  /** a 12-digit division code (or a 6-digit county code) */
  code?: string;
}

export interface ResolvedPlace {
  place: Place;
  /** a level was named but could not be resolved */
  unresolved: boolean;
}

const MAX_CACHED_PLACES = 500_000;
const COMMITTEE = /村民委员会|居民委员会|村委会|居委会/g;
const TRAILING_VILLAGE = /(?:村|社区)$/;

/** Village name keys: committee words removed; then also a trailing 村/社区. */
export function villageKeys(name: string): [string, string] {
  const withoutCommittee = name.replace(/\s+/g, '').replace(COMMITTEE, '');
  return [withoutCommittee, withoutCommittee.replace(TRAILING_VILLAGE, '')];
}

function stripSuffix(name: string, suffixes: RegExp): string {
  const stripped = name.replace(suffixes, '');
  return stripped.length >= 2 ? stripped : name;
}
const COUNTY_SUFFIX = /(?:自治县|县|市|区)$/;
const TOWN_SUFFIX = /(?:街道办事处|街道|镇|乡)$/;
const CITY_SUFFIX = /市$/;

function group<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function sameNames(a: PlaceNames, b: PlaceNames): boolean {
  return a.village === b.village && a.town === b.town && a.county === b.county && a.city === b.city && a.code === b.code;
}

/** The single division among `candidates` named `name` exactly, or (failing that) by its name without suffix. */
function unique(candidates: Division[] | undefined, name: string, suffix: RegExp): Division | null {
  if (!candidates || candidates.length === 0) return null;
  const exact = candidates.filter((d) => d.name === name);
  if (exact.length === 1) return exact[0]!;
  if (exact.length > 1) return null;
  const short = stripSuffix(name, suffix);
  const loose = candidates.filter((d) => stripSuffix(d.name, suffix) === short);
  return loose.length === 1 ? loose[0]! : null;
}

export class PlaceResolver {
  private readonly byCode = new Map<string, Division>();
  private readonly countiesByCity: Map<string, Division[]>;
  private readonly townsByCounty: Map<string, Division[]>;
  private readonly villagesByTown: Map<string, { division: Division; keys: [string, string] }[]>;
  /** answers by all five names, joined */
  private readonly cache = new Map<string, ResolvedPlace>();
  /** the names the call before asked for, and its answer */
  private last: { names: PlaceNames; resolved: ResolvedPlace } | null = null;
  /** places by their codes: see sharedPlace */
  private readonly places = new Map<string, Place>();
  /** county look-ups by (city, county) name: each scans the province's counties */
  private readonly counties = new Map<string, Division | null>();

  /** `region`: the pipeline's province (2), city (4) or county (6) code, scoping name look-ups. */
  constructor(
    private readonly table: DivisionTable,
    private readonly region: string,
  ) {
    for (const level of [table.cities, table.counties, table.towns, table.villages]) {
      for (const d of level) this.byCode.set(d.code, d);
    }
    this.countiesByCity = group(table.counties, (d) => d.parent);
    this.townsByCounty = group(table.towns, (d) => d.parent);
    this.villagesByTown = group(
      table.villages.map((division) => ({ division, keys: villageKeys(division.name) })),
      (v) => v.division.parent,
    );
  }

  resolve(names: PlaceNames): ResolvedPlace {
    // extracts come sorted by village: many rows name the place the row before named, spelled the same
    const last = this.last;
    if (last !== null && sameNames(last.names, names)) return last.resolved;
    // one key from all the names (joined by a control character no clerk types): as fast in a real parse as a look-up by
    // village with the rest told apart in a list (README "Benchmarks")
    const cacheKey = `${names.city ?? ''}\u0001${names.county ?? ''}\u0001${names.town ?? ''}\u0001${names.village ?? ''}\u0001${names.code ?? ''}`;
    let resolved = this.cache.get(cacheKey);
    if (!resolved) {
      resolved = this.resolveUncached(names);
      resolved.place = this.sharedPlace(resolved.place);
      // one resolver serves a whole process (every file, every night): bounded, as clerks' spellings are not
      if (this.cache.size >= MAX_CACHED_PLACES) this.cache.clear();
      this.cache.set(cacheKey, resolved);
    }
    this.last = { names, resolved };
    return resolved;
  }

  /**
   * One object per place (its names are the divisions' own, so its codes say
   * it all), shared by every row naming it in any spelling: frozen so no stage
   * can change it for all. Rows of one village spelled two ways then name one
   * place, which the encoder writes as the row before's (record-codec.ts), and
   * an extract lists each place once.
   */
  private sharedPlace(place: Place): Place {
    const key = `${place.countyCode}|${place.townCode}|${place.villageCode}`;
    let shared = this.places.get(key);
    if (!shared) {
      shared = Object.freeze(place);
      this.places.set(key, shared);
    }
    return shared;
  }

  private resolveUncached(names: PlaceNames): ResolvedPlace {
    const place: Place = { countyCode: null, county: null, townCode: null, town: null, villageCode: null, village: null };
    const code = names.code ? clean(names.code) : '';
    const fromCode = /^\d{12}$/.test(code) ? this.fromCode(code) : null;
    if (fromCode?.villageCode) return { place: fromCode, unresolved: false };

    const countyName = names.county ? clean(names.county) : '';
    const townName = names.town ? clean(names.town) : '';
    const villageName = names.village ? clean(names.village) : '';
    let unresolved = false;

    // a code's county (a 6-digit 参保地, or a 12-digit code whose village is unknown) wins over names
    let county: Division | null = /^\d{6}/.test(code) ? this.countyByCode(code.slice(0, 6)) : null;
    if (!county && countyName) {
      county = this.county(names.city ? clean(names.city) : '', countyName);
      if (!county) unresolved = true;
    } else if (!county && code) {
      unresolved = true;
    } else if (!county && this.region.length === 6) {
      // a file without a county column, in a run scoped to one county
      county = this.countyByCode(this.region);
    }
    if (county) {
      place.countyCode = county.code;
      place.county = county.name;
    }

    let town: Division | null = fromCode?.townCode ? (this.byCode.get(fromCode.townCode) ?? null) : null;
    if (!town && townName) {
      town = county ? unique(this.townsByCounty.get(county.code), townName, TOWN_SUFFIX) : null;
      if (!town) unresolved = true;
    }
    if (town) {
      place.townCode = town.code;
      place.town = town.name;
    }

    if (villageName) {
      const village = town ? this.village(town.code, villageName) : null;
      if (village) {
        place.villageCode = village.code;
        place.village = village.name;
      } else unresolved = true;
    }
    return { place, unresolved };
  }

  private county(cityName: string, countyName: string): Division | null {
    const key = `${cityName}|${countyName}`;
    let county = this.counties.get(key);
    if (county === undefined) {
      county = this.countyUncached(cityName, countyName);
      this.counties.set(key, county);
    }
    return county;
  }

  private countyUncached(cityName: string, countyName: string): Division | null {
    if (cityName) {
      const cities = this.table.cities.filter((c) => c.code.startsWith(this.region.slice(0, 4)) || this.region.length === 2);
      const city = unique(cities, cityName, CITY_SUFFIX);
      if (city) return unique(this.countiesByCity.get(city.code), countyName, COUNTY_SUFFIX);
    }
    const inRegion = this.table.counties.filter((d) => d.code.startsWith(this.region.slice(0, 6)));
    return unique(inRegion, countyName, COUNTY_SUFFIX);
  }

  private village(townCode: string, name: string): Division | null {
    const villages = this.villagesByTown.get(townCode) ?? [];
    const [key1, key2] = villageKeys(name);
    const exact = villages.filter((v) => v.keys[0] === key1);
    if (exact.length === 1) return exact[0]!.division;
    if (exact.length > 1) return null;
    const loose = villages.filter((v) => v.keys[1] === key2);
    return loose.length === 1 ? loose[0]!.division : null;
  }

  private countyByCode(code: string): Division | null {
    const county = this.byCode.get(code);
    return county && county.code.length === 6 ? county : null;
  }

  /** A 12-digit code resolves directly, level by level; a 6-digit one names a county. */
  private fromCode(rawCode: string): Place | null {
    const code = rawCode.replace(/\s+/g, '');
    if (!/^\d{6}(\d{3}(\d{3})?)?$/.test(code)) return null;
    const county = this.byCode.get(code.slice(0, 6));
    if (!county || county.code.length !== 6) return null;
    const town = code.length >= 9 ? this.byCode.get(code.slice(0, 9)) : undefined;
    const village = code.length === 12 ? this.byCode.get(code) : undefined;
    return {
      countyCode: county.code,
      county: county.name,
      townCode: town?.code ?? null,
      town: town?.name ?? null,
      villageCode: village?.code ?? null,
      village: village?.name ?? null,
    };
  }
}

function clean(text: string): string {
  return text.replace(/[\s\u3000\u00a0]+/g, '');
}

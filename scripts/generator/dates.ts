/** ISO date arithmetic in UTC (dates are YYYY-MM-DD text throughout). */
const DAY = 86_400_000;

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** Whole years completed on `asOf`. */
export function ageOn(birth: string, asOf: string): number {
  let age = Number(asOf.slice(0, 4)) - Number(birth.slice(0, 4));
  if (asOf.slice(5) < birth.slice(5)) age -= 1;
  return age;
}

/** Age on the last 31 August on or before asOf (children start school having turned 6 by then). */
export function schoolAge(birth: string, asOf: string): number {
  const year = asOf.slice(5) >= '08-31' ? Number(asOf.slice(0, 4)) : Number(asOf.slice(0, 4)) - 1;
  return ageOn(birth, `${year}-08-31`);
}

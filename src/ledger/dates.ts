/** Calendar arithmetic on ISO `YYYY-MM-DD` dates (UTC, so no time zone shifts a day). */
export function addDays(isoDate: string, days: number): string {
  const at = new Date(`${isoDate}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const at = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === text;
}

/** Today's date (UTC) — only for events made by people; the ledger's run dates are asOf. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Could this run have found the item? Its county must be in the run's scope
 * (the counties of this run's system extracts within its region); an item
 * with no county belongs to the region of the run that last saw it, and is in
 * scope of any run whose region contains that region.
 */
export function inRunScope(
  itemCounties: readonly string[],
  itemRegion: string,
  runRegion: string,
  scopeCounties: ReadonlySet<string>,
): boolean {
  if (itemCounties.length === 0) return itemRegion.startsWith(runRegion);
  return itemCounties.every((county) => scopeCounties.has(county));
}

/** The counties a stored item concerns: its `counties` JSON, else its own county. */
export function storedCounties(countiesJson: string | null, countyCode: string | null): string[] {
  const parsed = countiesJson ? (JSON.parse(countiesJson) as string[]) : [];
  if (parsed.length > 0) return parsed;
  return countyCode ? [countyCode] : [];
}

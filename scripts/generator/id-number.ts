/**
 * ID numbers per GB 11643-1999: 6-digit region of first registration,
 * YYYYMMDD birth date, 3-digit sequence (odd = male), ISO 7064 MOD 11-2 check.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export function checkDigit(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] as string;
}

/** `birthDate` is YYYY-MM-DD; `sequence` 0..999 must already have the sex's parity. */
export function makeId(region: string, birthDate: string, sequence: number): string {
  const body = region + birthDate.replaceAll('-', '') + String(sequence).padStart(3, '0');
  return body + checkDigit(body);
}

/** The legacy 15-digit form: no century, no check digit. */
export function toLegacy15(id18: string): string {
  return id18.slice(0, 6) + id18.slice(8, 17);
}

export function isValid18(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && checkDigit(id.slice(0, 17)) === id[17];
}

/** Another digit in position `pos` (0-based) — a typing error the check digit catches. */
export function replaceDigit(id: string, pos: number, digit: string): string {
  return id.slice(0, pos) + digit + id.slice(pos + 1);
}

/** Swap the characters at `pos` and `pos + 1`. */
export function swapAdjacent(id: string, pos: number): string {
  return id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
}

/**
 * Hands out birth-date sequence numbers so no two generated people share an ID
 * by accident (accidental duplicates would raise findings nobody planned).
 * One bit per (region, day, sequence); bounded memory whatever the scale.
 */
export class IdAllocator {
  private readonly regions = new Map<string, Uint8Array>();
  private static readonly FIRST_YEAR = 1900;
  private static readonly DAYS = 366 * 130;

  /** Claims exactly `sequence`; false when it is taken. */
  claim(region: string, birthDate: string, sequence: number): boolean {
    return this.allocateFrom(region, birthDate, sequence % 2 === 1, sequence, 1) === sequence;
  }

  allocate(region: string, birthDate: string, male: boolean, start: number): number | null {
    return this.allocateFrom(region, birthDate, male, start, 500);
  }

  private allocateFrom(region: string, birthDate: string, male: boolean, start: number, tries: number): number | null {
    let bits = this.regions.get(region);
    if (!bits) {
      bits = new Uint8Array((IdAllocator.DAYS * 1000) / 8);
      this.regions.set(region, bits);
    }
    const y = Number(birthDate.slice(0, 4));
    const m = Number(birthDate.slice(5, 7));
    const d = Number(birthDate.slice(8, 10));
    const day = (y - IdAllocator.FIRST_YEAR) * 366 + (m - 1) * 31 + (d - 1);
    for (let k = 0; k < tries; k++) {
      let sequence = (start + 2 * k) % 1000;
      if ((sequence % 2 === 1) !== male) sequence = (sequence + 1) % 1000;
      const bit = day * 1000 + sequence;
      const byte = bit >> 3;
      const mask = 1 << (bit & 7);
      if (((bits[byte] ?? 0) & mask) === 0) {
        bits[byte] = (bits[byte] ?? 0) | mask;
        return sequence;
      }
    }
    return null;
  }
}

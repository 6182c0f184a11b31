/**
 * An independent GB 11643-1999 check-digit computation for building test IDs
 * (written from the standard's definition: a_1 = (12 - (Σ a_i·W_i mod 11)) mod 11,
 * W_i = 2^(i-1) mod 11 counted from the right), so the tests do not trust
 * the product's own table.
 */
export function gbCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const position = 18 - i; // counted from the right, the check digit being position 1
    const weight = 2 ** (position - 1) % 11;
    sum += Number(first17[i]) * weight;
  }
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
}

/** A valid 18-character ID for region + YYYYMMDD + 3-digit sequence. */
export function makeId(region: string, birth: string, seq: string): string {
  const first17 = region + birth + seq;
  return first17 + gbCheckDigit(first17);
}

/** The same ID with a wrong check digit. */
export function withWrongCheck(id: string): string {
  const right = id[17];
  const wrong = right === '0' ? '1' : '0';
  return id.slice(0, 17) + wrong;
}

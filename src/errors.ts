/**
 * Bad input (a file, a row, a pipeline, a parameter) is an InputError: the CLI
 * prints its one-line message and exits 2; a queue job fails without retry.
 * Anything else is a bug or a transient fault: exit 1, jobs retry.
 * Messages never carry an ID number or a name: pass them through maskId().
 */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    readonly where: { file?: string; row?: number; column?: string } = {},
  ) {
    super(message);
  }
}

/** `370102199001011234` → `370102********1234`; anything shorter keeps only its first and last two characters. */
export function maskId(id: string | null | undefined): string {
  if (!id) return '';
  if (id.length >= 15) return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
  if (id.length <= 4) return '*'.repeat(id.length);
  return id.slice(0, 2) + '*'.repeat(id.length - 4) + id.slice(-2);
}

/** A name in a message: keep the surname, mask the rest (张** ). */
export function maskName(name: string | null | undefined): string {
  if (!name) return '';
  return name.slice(0, 1) + '*'.repeat(Math.max(1, name.length - 1));
}

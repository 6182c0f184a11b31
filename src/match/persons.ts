/**
 * System persons for person-level rules: living rows grouped by a valid ID
 * (several rows of one ID are one person, placed on its first row); a row
 * whose ID is not valid is a person of its own, subject `householdId/name`
 * (`#2`, `#3`, … for later rows of one household that would share it).
 */
import type { SystemMember } from '../model/records.js';

const NO_ROWS: readonly SystemMember[] = Object.freeze([]);

/**
 * System rows of one person or one ID key, file order, with no array while
 * there is one row: most have one, and a run has a million of each.
 */
export class RowGroup {
  private more: SystemMember[] | null = null;

  constructor(
    /** first row in file order (a person's placement: rules.md "Matching" 7) */
    readonly first: SystemMember,
  ) {}

  add(row: SystemMember): void {
    (this.more ??= []).push(row);
  }

  /** every row, file order (a new array each time: loops read `first` and `otherRows`) */
  get rows(): SystemMember[] {
    return this.more === null ? [this.first] : [this.first, ...this.more];
  }

  /** the rows after the first, file order */
  get otherRows(): readonly SystemMember[] {
    return this.more ?? NO_ROWS;
  }
}

/** A person's living rows. */
export class SystemPerson extends RowGroup {
  constructor(
    readonly subject: string,
    /** the valid (or upgraded 15-digit) ID, else null */
    readonly validId: string | null,
    first: SystemMember,
  ) {
    super(first);
  }
}

/**
 * Each living row with its person: person rules read each row's own fields
 * (rows of one ID may disagree), and a person gets at most one finding per
 * rule and source (see `firstPerSubject`).
 */
export function* personRows(persons: readonly SystemPerson[]): Generator<[SystemPerson, SystemMember]> {
  for (const person of persons) {
    yield [person, person.first];
    for (const row of person.otherRows) yield [person, row];
  }
}

export function hasValidId(member: SystemMember): boolean {
  return member.id.status === 'valid' || member.id.status === 'legacy15';
}

/**
 * Each living row's person, looked up by the row's `seq` (rows are numbered
 * 0…n−1 across a run's files): an array, where a Map of a million rows cost
 * three times the memory.
 */
export class PersonOfRow {
  private readonly bySeq: (SystemPerson | undefined)[] = [];

  set(row: SystemMember, person: SystemPerson): void {
    if (this.bySeq[row.seq] !== undefined) throw new Error(`two system rows share seq ${row.seq}: number the run's rows first (evaluateStage does)`);
    this.bySeq[row.seq] = person;
  }

  get(row: SystemMember): SystemPerson | undefined {
    return this.bySeq[row.seq];
  }
}

/**
 * Items (a person's department rows) by living person, looked up by the seq
 * of the person's first row: an array, not a Map of a million persons, and a
 * person's only item kept without an array of its own (most have one).
 * Items must not be arrays themselves.
 */
export class PersonLists<T> {
  private readonly bySeq: (T | T[] | undefined)[] = [];

  add(person: SystemPerson, item: T): void {
    const seq = person.first.seq;
    const known = this.bySeq[seq];
    if (known === undefined) this.bySeq[seq] = item;
    else if (Array.isArray(known)) known.push(item);
    else this.bySeq[seq] = [known, item];
  }

  /** the person's items in the order added (not to be changed), undefined when none */
  get(person: SystemPerson): readonly T[] | undefined {
    const known = this.bySeq[person.first.seq];
    return known === undefined ? undefined : Array.isArray(known) ? known : [known];
  }
}

export function buildPersons(system: readonly SystemMember[]): { persons: SystemPerson[]; personOfRow: PersonOfRow } {
  const persons: SystemPerson[] = [];
  const personOfRow = new PersonOfRow();
  const byValidId = new Map<string, SystemPerson>();
  const subjectUses = new Map<string, number>();
  for (const row of system) {
    if (!row.living) continue;
    if (hasValidId(row)) {
      const known = byValidId.get(row.id.key);
      if (known) {
        known.add(row);
        personOfRow.set(row, known);
        continue;
      }
      const person = new SystemPerson(row.id.key, row.id.key, row);
      byValidId.set(row.id.key, person);
      persons.push(person);
      personOfRow.set(row, person);
      continue;
    }
    const base = `${row.householdId}/${row.name}`;
    const uses = (subjectUses.get(base) ?? 0) + 1;
    subjectUses.set(base, uses);
    const person = new SystemPerson(uses === 1 ? base : `${base}#${uses}`, null, row);
    persons.push(person);
    personOfRow.set(row, person);
  }
  return { persons, personOfRow };
}

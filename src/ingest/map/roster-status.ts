/**
 * Status columns of rosters and enrolment extracts (data-contract.md,
 * "statuses"): a blank status or a missing column is active (a current
 * 花名册 lists only current recipients); a value outside the lists is
 * `unknown`, not active, and counted.
 */
import type { RosterStatus } from '../../model/records.js';
import type { Cell } from '../normalise/text.js';
import { classMap } from '../source-schema.js';
import type { FieldReader } from './field-reader.js';

export interface StatusReading {
  status: RosterStatus;
  raw: string | null;
}

export function statusReader(
  fields: FieldReader,
  field: string,
  lists: Record<string, string[]>,
): (cells: Cell[]) => StatusReading {
  const classes = classMap<RosterStatus>(lists);
  return (cells) => {
    const raw = fields.text(cells, field);
    if (raw === null) return { status: 'active', raw };
    const status = classes.get(raw.replace(/\s+/g, ''));
    if (status === undefined) {
      fields.countOutOfVocabulary(field);
      return { status: 'unknown', raw };
    }
    return { status, raw };
  };
}

import type { AnyRecord } from '../types.js';
import type { Cell } from '../normalise/text.js';
import type { Origin } from '../../model/records.js';

/** A row either becomes a record or is rejected with a reason code. */
export type MapOutcome = { record: AnyRecord } | { reject: string };

/** Maps one data row of a file (its header already known) to a record. */
export type RowMapper = (cells: Cell[], origin: Origin) => MapOutcome;

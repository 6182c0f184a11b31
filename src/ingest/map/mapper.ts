import type { AnyRecord } from '../types.js';
import type { Cell } from '../normalise/text.js';
import type { Origin } from '../../model/records.js';

/**
 * Maps one data row of a file (its header already known) to a record, or to
 * a reject reason code (a string). No wrapper object: this runs per row.
 */
export type RowMapper = (cells: Cell[], origin: Origin) => AnyRecord | string;

/** The catalogue of cases: every rule and ticket kind of rules.md is raised by at least one of them. */
import type { Case } from './context.js';
import { DEPARTMENT_CASES } from './department.js';
import { HOUSEHOLD_CASES } from './household.js';
import { IDENTITY_CASES } from './identity.js';
import { TICKET_CASES } from './tickets.js';

export const ALL_CASES: Case[] = [...IDENTITY_CASES, ...DEPARTMENT_CASES, ...HOUSEHOLD_CASES, ...TICKET_CASES];
export type { Case, CaseContext } from './context.js';

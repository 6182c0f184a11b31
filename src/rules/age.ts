/**
 * Ages (rules.md "Terms"): whole years completed on a date, from the birth
 * date the ID encodes (the system's birthDate only when the ID is not a valid
 * 18- or 15-digit ID). School age is the age on the last 31 August on or
 * before asOf; compulsory school age is school age 6 to 14.
 */
import type { SystemMember } from '../model/records.js';

/** Birth date for ages, or null when neither the ID nor the system gives one. */
export function birthDateOf(member: SystemMember): string | null {
  if ((member.id.status === 'valid' || member.id.status === 'legacy15') && member.id.birthDate) return member.id.birthDate;
  return member.birthDate ?? null;
}

/** Whole years from `birth` to `on` (both ISO YYYY-MM-DD). */
export function ageOn(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}

/** The last 31 August on or before `asOf`. */
export function lastAugust31(asOf: string): string {
  const year = Number(asOf.slice(0, 4));
  return asOf.slice(5) >= '08-31' ? `${year}-08-31` : `${year - 1}-08-31`;
}

export function schoolAgeOn(birth: string, asOf: string): number {
  return ageOn(birth, lastAugust31(asOf));
}

export function isCompulsorySchoolAge(schoolAge: number): boolean {
  return schoolAge >= 6 && schoolAge <= 14;
}

/** Days from `from` to `to` (ISO dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `date` moved by `days` (may be negative), ISO. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

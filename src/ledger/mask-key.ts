/** A ledger key in a message: its subject (an ID number or a household/name) is masked. */
import { maskId, maskName } from '../errors.js';

export function maskKey(key: string): string {
  const [head, subject = '', ...rest] = key.split('|');
  const masked = /^\d{15}/.test(subject)
    ? maskId(subject)
    : subject.includes('/')
      ? `${subject.split('/')[0]}/${maskName(subject.split('/')[1])}`
      : subject;
  return [head, masked, ...rest].join('|');
}

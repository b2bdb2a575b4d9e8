import { randomInt } from 'node:crypto';
import { luhnCheckDigit } from '../../seeds/demo/companies.js';

/** A Luhn-valid SIREN, then an establishment number that makes the 14 digits valid. */
export function newSiret(): string {
  const sirenBody = `8${String(randomInt(10_000_000)).padStart(7, '0')}`;
  const body = `${sirenBody}${luhnCheckDigit(sirenBody)}${String(randomInt(1, 10_000)).padStart(4, '0')}`;
  return body + luhnCheckDigit(body);
}

/** SIREN (company, 9 digits) and SIRET (establishment, 14 digits = SIREN + NIC) numbers. */

export const LA_POSTE_SIREN = '356000000';

/** Strips the separators people type or paste: spaces, dots, tabs, (narrow) no-break spaces. */
export function normalizeSiret(input: string): string {
  return input.replace(/[\s.]/g, '');
}

/** Luhn checksum over a string of digits (every second digit from the right is doubled). */
export function luhnIsValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function digitSum(digits: string): number {
  let sum = 0;
  for (const c of digits) sum += Number(c);
  return sum;
}

/** Expects the normalized form (see normalizeSiret). */
export function isValidSiren(s: string): boolean {
  return /^\d{9}$/.test(s) && luhnIsValid(s);
}

/**
 * Expects the normalized form (see normalizeSiret). La Poste has more establishments than
 * the Luhn key allows, so INSEE validates its SIRETs by a digit sum that is a multiple of 5;
 * its head office (35600000000048) predates that and only passes Luhn, hence "either".
 */
export function isValidSiret(s: string): boolean {
  if (!/^\d{14}$/.test(s) || !isValidSiren(s.slice(0, 9))) return false;
  if (luhnIsValid(s)) return true;
  return s.startsWith(LA_POSTE_SIREN) && digitSum(s) % 5 === 0;
}

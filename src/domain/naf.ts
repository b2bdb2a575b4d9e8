/** NAF (APE) codes of INSEE's 2008 nomenclature: two digits, a dot, two digits, a capital letter (43.99C). */

const NAF = /^[0-9]{2}\.[0-9]{2}[A-Z]$/;

/** The form people type or paste (4399c, 43 99 C) written as INSEE prints it: 43.99C. */
export function normalizeNaf(input: string): string {
  const compact = input.replace(/[\s.]/g, '').toUpperCase();
  return /^[0-9]{4}[A-Z]$/.test(compact) ? `${compact.slice(0, 2)}.${compact.slice(2)}` : input.trim();
}

/** Expects the normalized form (see normalizeNaf). */
export const isValidNaf = (code: string): boolean => NAF.test(code);

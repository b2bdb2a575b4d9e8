import { badInput } from '../context/errors.js';

/** One thing wrong with the input: where, a stable code, and what a facilitator reads. */
export interface Problem {
  field: string;
  code: string;
  message: string;
  /** The row the input would duplicate, when that is the problem. */
  existingId?: string;
}

/**
 * Collects every problem of an input before anything is written, so that the answer lists them all:
 * BAD_USER_INPUT, with `extensions.problems`.
 */
export class Validation {
  readonly problems: Problem[] = [];

  check(valid: boolean, field: string, code: string, message: string): this {
    if (!valid) this.problems.push({ field, code, message });
    return this;
  }

  /** Throws when any check failed. */
  conclude(): void {
    if (!this.problems.length) return;
    const summary = this.problems.length === 1 ? this.problems[0]!.message : `${this.problems.length} problèmes dans la saisie`;
    throw badInput(summary, { problems: this.problems });
  }
}

export const isRate = (value: number | null | undefined) => value == null || (value >= 0 && value <= 1);
export const isNonNegative = (value: number | null | undefined) => value == null || value >= 0;

/** Stable machine-readable reasons; the API layer maps every one to BAD_USER_INPUT, with the message, in French, as it is. */
export type DomainErrorCode =
  | 'INVALID_DATE'
  | 'END_BEFORE_START'
  | 'MISSING_START_DATE'
  | 'MISSING_END_DATE'
  | 'DATE_BEFORE_BIRTH'
  | 'INVALID_NUMBER'
  | 'NEGATIVE_VALUE'
  | 'NOT_POSITIVE'
  | 'RATE_OUT_OF_RANGE'
  | 'INVALID_THRESHOLD'
  | 'UNKNOWN_OUTCOME'
  | 'INVALID_PERIOD'
  | 'INVALID_TABLE';

export class DomainInputError extends Error {
  override readonly name = 'DomainInputError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function assertFinite(value: number, field: string): void {
  if (!Number.isFinite(value)) {
    throw new DomainInputError('INVALID_NUMBER', `« ${field} » doit être un nombre (reçu : ${value})`);
  }
}

export function assertInteger(value: number, field: string): void {
  if (!Number.isInteger(value)) {
    throw new DomainInputError('INVALID_NUMBER', `« ${field} » doit être un nombre entier (reçu : ${value})`);
  }
}

export function assertNonNegative(value: number, field: string): void {
  assertFinite(value, field);
  if (value < 0) {
    throw new DomainInputError('NEGATIVE_VALUE', `« ${field} » ne peut pas être négatif (reçu : ${value})`);
  }
}

export function assertPositive(value: number, field: string): void {
  assertFinite(value, field);
  if (value <= 0) {
    throw new DomainInputError('NOT_POSITIVE', `« ${field} » doit être supérieur à 0 (reçu : ${value})`);
  }
}

export function assertRate(value: number, field: string): void {
  assertFinite(value, field);
  if (value < 0 || value > 1) {
    throw new DomainInputError('RATE_OUT_OF_RANGE', `« ${field} » doit être compris entre 0 et 1 (reçu : ${value})`);
  }
}

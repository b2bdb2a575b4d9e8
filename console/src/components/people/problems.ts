/** The problems of a form, beside each field: the API's, and those the page found before sending. */
import type { ApiError } from '../../api/client';

export interface FieldProblems {
  /** The message about a field, if any. */
  for: (field: string) => string | undefined;
  /** DSFR props of a field: its error state and message. */
  state: (field: string) => { state: 'error' | 'default'; stateRelatedMessage?: string };
}

export function fieldProblems(error: ApiError | undefined, local: Record<string, string> = {}): FieldProblems {
  const find = (field: string) => local[field] ?? error?.problemFor(field);
  return {
    for: find,
    state: (field) => {
      const message = find(field);
      return message ? { state: 'error', stateRelatedMessage: message } : { state: 'default' };
    },
  };
}

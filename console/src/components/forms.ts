/** Forms: the problems beside each field (the API's, and those the page found before sending), and sending once. */
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import { asApiError } from '../api/use-query';

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

/** A form's sending: one at a time, its refusal kept for the fields to show; `send` says what to do once accepted. */
export function useSubmission(send: () => Promise<void>): { submit: (event: FormEvent) => Promise<void>; sending: boolean; error?: ApiError } {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    try {
      await send();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setSending(false);
    }
  };
  return { submit, sending, error };
}

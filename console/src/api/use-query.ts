import { useCallback, useEffect, useState } from 'react';
import type { TypedDocumentString } from '../gql/graphql';
import { ApiError, request } from './client';

export interface QueryState<Result> {
  data?: Result;
  error?: ApiError;
  loading: boolean;
  /** Asks again, after a change the page made. */
  reload: () => void;
}

/** A query asked when the page shows it and again whenever its variables change. */
export function useQuery<Result, Variables>(document: TypedDocumentString<Result, Variables>, variables?: Variables): QueryState<Result> {
  const [state, setState] = useState<{ data?: Result; error?: ApiError; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(variables ?? {});
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    (request as (document: TypedDocumentString<Result, Variables>, variables?: Variables) => Promise<Result>)(document, variables).then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error: asApiError(error), loading: false }),
    );
    return () => {
      current = false;
    };
    // The variables are compared by value (key), not by identity.
  }, [document, key, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload };
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError('Le serveur ne répond pas : vérifiez votre connexion et réessayez', 'NETWORK');
}

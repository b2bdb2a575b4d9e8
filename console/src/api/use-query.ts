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

/**
 * A query asked when the page shows it and again whenever its variables change. The answer to other
 * variables is not given while the new one comes (last year's figures under this year's title); the same
 * variables' answer stays while they are asked again (reload).
 */
export function useQuery<Result, Variables>(document: TypedDocumentString<Result, Variables>, variables?: Variables): QueryState<Result> {
  const key = JSON.stringify(variables ?? {});
  const [state, setState] = useState<{ key?: string; data?: Result; error?: ApiError; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    (request as (document: TypedDocumentString<Result, Variables>, variables?: Variables) => Promise<Result>)(document, variables).then(
      (data) => current && setState({ key, data, loading: false }),
      (error: unknown) => current && setState({ key, error: asApiError(error), loading: false }),
    );
    return () => {
      current = false;
    };
    // The variables are compared by value (key), not by identity.
  }, [document, key, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const answered = state.key === key;
  return { data: answered ? state.data : undefined, error: answered ? state.error : undefined, loading: state.loading || !answered, reload };
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError('Le serveur ne répond pas : vérifiez votre connexion et réessayez', 'NETWORK');
}

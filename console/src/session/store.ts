/**
 * The signed-in person for this browser tab only (sessionStorage): their token and the organisation they
 * act for. Closing the tab signs out; nothing is kept on the device beyond it.
 */
import { useSyncExternalStore } from 'react';

export interface Session {
  token: string;
  /** The global id of the organisation acted for; absent until chosen (several memberships). */
  organisationId?: string;
}

const KEY = 'clauses.session';
const listeners = new Set<() => void>();
let cached: Session | null | undefined;

export function currentSession(): Session | null {
  if (cached === undefined) {
    const stored = sessionStorage.getItem(KEY);
    cached = stored ? (JSON.parse(stored) as Session) : null;
  }
  return cached;
}

function save(session: Session | null): void {
  cached = session;
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  for (const listener of listeners) listener();
}

export const startSession = (token: string) => save({ token });
export const actFor = (organisationId: string) => save({ ...currentSession()!, organisationId });
export const endSession = () => save(null);

export function useSession(): Session | null {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, currentSession);
}

import { useEffect } from 'react';

/** The tab's title names the page first, as the DSFR asks, so that a screen reader announces where one is. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} — Clauses`;
  }, [title]);
}

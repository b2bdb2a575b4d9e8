/** Pages of a connection, walked forward and back by their cursors (the API pages forward with `first`/`after`). */
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';

export interface CursorPages {
  /** The cursor to ask the current page after: null for the first. */
  after: string | null;
  /** 1 for the first page. */
  page: number;
  next: (endCursor: string | null) => void;
  previous: () => void;
  /** Back to the first page (the filters changed). */
  reset: () => void;
}

export function useCursorPages(): CursorPages {
  /** The cursor of each page shown so far: the first page has none. */
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return {
    after: cursors[cursors.length - 1] ?? null,
    page: cursors.length,
    next: (endCursor) => setCursors((shown) => [...shown, endCursor]),
    previous: () => setCursors((shown) => (shown.length > 1 ? shown.slice(0, -1) : shown)),
    reset: () => setCursors([null]),
  };
}

export function PageButtons({ pages, pageInfo, label = 'Pagination', loading = false }: {
  pages: CursorPages;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  label?: string;
  /** A page is on its way: no second click that would skip one. */
  loading?: boolean;
}) {
  if (pages.page === 1 && !pageInfo.hasNextPage) return null;
  return (
    <nav aria-label={label} className="fr-mt-2w">
      <Button className="fr-mr-2w" priority="secondary" disabled={pages.page === 1 || loading} onClick={pages.previous} iconId="fr-icon-arrow-left-line">
        Page précédente
      </Button>
      <Button priority="secondary" disabled={!pageInfo.hasNextPage || loading} onClick={() => pages.next(pageInfo.endCursor ?? null)} iconId="fr-icon-arrow-right-line" iconPosition="right">
        Page suivante
      </Button>
    </nav>
  );
}

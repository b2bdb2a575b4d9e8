import type { ReactNode } from 'react';

/**
 * A DSFR table whose rows are components of their own (the DSFR's Table takes only cells): its markup, with a
 * container a keyboard can scroll (a wide table scrolls sideways).
 */
export function ScrollableTable({ className = '', children }: { className?: string; children: ReactNode }) {
  return (
    <div className={`fr-table fr-table--bordered ${className}`}>
      <div className="fr-table__wrapper">
        <div className="fr-table__container" tabIndex={0}>
          <div className="fr-table__content">
            <table>{children}</table>
          </div>
        </div>
      </div>
    </div>
  );
}

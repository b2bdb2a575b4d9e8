import { Footer } from '@codegouvfr/react-dsfr/Footer';
import { Header } from '@codegouvfr/react-dsfr/Header';
import type { ReactNode } from 'react';
import { useLocation } from 'wouter';
import { endSession } from '../session/store';
import type { ConsoleViewer } from '../session/viewer';
import { MENU } from '../pages';

const BRAND = <>République<br />Française</>;

/** The DSFR header and footer around a page, with the menu of what the acting role may do. */
export function Shell({ viewer, children }: { viewer: ConsoleViewer | null; children: ReactNode }) {
  const [location] = useLocation();
  const acting = viewer?.actingOrganisation;
  const quickAccess = viewer
    ? [
        ...(viewer.memberships.length > 1
          ? [{ iconId: 'fr-icon-team-line' as const, linkProps: { href: '/organisation' }, text: acting ? `${acting.name} (changer)` : 'Choisir l’organisation' }]
          : acting ? [{ iconId: 'fr-icon-team-line' as const, linkProps: { href: '/' }, text: acting.name }] : []),
        { iconId: 'fr-icon-logout-box-r-line' as const, buttonProps: { onClick: () => endSession() }, text: 'Se déconnecter' },
      ]
    : [];
  const navigation = viewer && acting
    ? MENU.filter((page) => page.visibleTo(viewer)).map((page) => ({
        text: page.title,
        linkProps: { href: page.path },
        isActive: location === page.path || location.startsWith(`${page.path}/`),
      }))
    : undefined;
  return (
    <>
      <Header
        brandTop={BRAND}
        homeLinkProps={{ href: '/', title: 'Accueil — Clauses' }}
        serviceTitle="Clauses"
        serviceTagline="Le suivi des clauses sociales d’insertion des marchés publics"
        quickAccessItems={quickAccess}
        navigation={navigation}
      />
      <main id="contenu" className="fr-container fr-py-4w" tabIndex={-1}>
        {children}
      </main>
      <Footer
        accessibility="non compliant"
        contentDescription="Clauses réunit les acheteurs, les PLIE, le Département et l’État autour des heures d’insertion des marchés publics. Chaque signataire ne voit que ses marchés, ses participants et sa part des indicateurs communs."
      />
    </>
  );
}

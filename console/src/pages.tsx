/**
 * The console's pages, in one place: their address, their title, and who finds them in the menu. The
 * API refuses what a role may not do whatever the menu shows; the menu only spares people dead ends.
 */
import type { ComponentType } from 'react';
import { ApiKeysPage } from './pages/admin/ApiKeysPage';
import { BuyerDashboard, OrganisationDrillDown } from './pages/dashboards/OrganisationDashboard';
import { ChartersDashboard } from './pages/dashboards/ChartersDashboard';
import { DepartementDashboard } from './pages/dashboards/DepartementDashboard';
import { MarketDashboard } from './pages/dashboards/MarketDashboard';
import { AuditPage } from './pages/admin/AuditPage';
import { MembersPage } from './pages/admin/MembersPage';
import { HoursGridPage } from './pages/hours/HoursGridPage';
import { ImportPage } from './pages/import/ImportPage';
import { PeoplePage } from './pages/people/PeoplePage';
import { EditPersonPage } from './pages/people/EditPersonPage';
import { PersonPage } from './pages/people/PersonPage';
import { RegisterPersonPage } from './pages/people/RegisterPersonPage';
import { canEdit, isAdmin, isPlie, type ConsoleViewer } from './session/viewer';

export interface ConsolePage {
  path: string;
  title: string;
  component: ComponentType<{ params: Record<string, string | undefined> }>;
  visibleTo: (viewer: ConsoleViewer) => boolean;
}

const plie = isPlie;
const plieEditor = (viewer: ConsoleViewer) => isPlie(viewer) && canEdit(viewer);

const departement = (viewer: ConsoleViewer) => viewer.actingOrganisation?.kind === 'DEPARTEMENT';
const BUYERS = ['BAILLEUR', 'VILLE', 'EPCI', 'REGION'];
const buyer = (viewer: ConsoleViewer) => BUYERS.includes(viewer.actingOrganisation?.kind ?? '');

export const MENU: ConsolePage[] = [
  { path: '/personnes', title: 'Participants', component: PeoplePage, visibleTo: plie },
  { path: '/heures', title: 'Heures du mois', component: HoursGridPage, visibleTo: plie },
  { path: '/tableur', title: 'Import de tableur', component: ImportPage, visibleTo: plieEditor },
  { path: '/tableau-de-bord', title: 'Tableau de bord', component: DepartementDashboard, visibleTo: departement },
  { path: '/marches', title: 'Vos marchés', component: BuyerDashboard, visibleTo: buyer },
  { path: '/chartes', title: 'Chartes', component: ChartersDashboard, visibleTo: () => true },
  { path: '/membres', title: 'Membres', component: MembersPage, visibleTo: isAdmin },
  { path: '/cles-api', title: 'Clés d’API', component: ApiKeysPage, visibleTo: isAdmin },
  { path: '/journal', title: 'Journal', component: AuditPage, visibleTo: isAdmin },
];

/** Pages reached from another page rather than from the menu. */
export const INNER_PAGES: ConsolePage[] = [
  { path: '/personnes/nouvelle', title: 'Inscrire un participant', component: RegisterPersonPage, visibleTo: plieEditor },
  { path: '/personnes/:id', title: 'Participant', component: PersonPage, visibleTo: plie },
  { path: '/tableau-de-bord/organisations/:id', title: 'Tableau de bord d’une organisation', component: OrganisationDrillDown, visibleTo: departement },
  { path: '/marches/:id', title: 'Tableau de bord d’un marché', component: MarketDashboard, visibleTo: (viewer) => buyer(viewer) || departement(viewer) },
  { path: '/personnes/:id/modifier', title: 'Corriger un participant', component: EditPersonPage, visibleTo: plieEditor },
];

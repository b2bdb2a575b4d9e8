import { Tile } from '@codegouvfr/react-dsfr/Tile';
import { usePageTitle } from '../../layout/page-title';
import { MENU } from '../../pages';
import { useViewer } from '../../session/viewer';

const DESCRIPTIONS: Record<string, string> = {
  '/tableau-de-bord': 'Les heures, les participants et les sorties de la plateforme, les PLIE côte à côte, mois par mois.',
  '/marches': 'Les heures prévues et réalisées de vos marchés, et les personnes qui y ont travaillé.',
  '/chartes': 'Les chartes que vous coordonnez ou signez face à leurs objectifs, et leur rapport ANRU.',
  '/personnes': 'Rechercher, inscrire et suivre les participants : parcours, heures, sorties.',
  '/heures': 'Saisir les heures du mois de chaque mise en emploi, en une fois.',
  '/tableur': 'Importer le suivi depuis Excel : vérification, lignes refusées, import.',
  '/membres': 'Inviter, changer le rôle ou désactiver les membres de l’organisation.',
  '/cles-api': 'Créer et révoquer les clés des logiciels qui appellent l’API.',
  '/journal': 'Qui a modifié quoi, et quand, dans l’organisation.',
};

export function HomePage() {
  const viewer = useViewer();
  usePageTitle('Accueil');
  const pages = MENU.filter((page) => page.visibleTo(viewer));
  return (
    <>
      <h1>Bonjour {viewer.user?.displayName}</h1>
      <p>Vous agissez pour <strong>{viewer.actingOrganisation.name}</strong>.</p>
      {pages.length === 0 && <p>Les tableaux de bord de votre organisation arrivent dans une prochaine version de la console ; l’API GraphQL les sert déjà.</p>}
      <div className="fr-grid-row fr-grid-row--gutters">
        {pages.map((page) => (
          <div key={page.path} className="fr-col-12 fr-col-md-4">
            <Tile title={page.title} desc={DESCRIPTIONS[page.path]} linkProps={{ href: page.path }} titleAs="h2" />
          </div>
        ))}
      </div>
    </>
  );
}

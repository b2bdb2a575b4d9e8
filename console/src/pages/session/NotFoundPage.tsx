import { Link } from 'wouter';
import { usePageTitle } from '../../layout/page-title';

export function NotFoundPage() {
  usePageTitle('Page introuvable');
  return (
    <>
      <h1>Page introuvable</h1>
      <p>Cette page n’existe pas, ou votre rôle dans cette organisation ne vous y donne pas accès.</p>
      <Link href="/" className="fr-link">Revenir à l’accueil</Link>
    </>
  );
}

import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { asApiError } from '../../api/use-query';
import { usePageTitle } from '../../layout/page-title';
import { completeProviderSignIn, signInConfig } from '../../session/sign-in';

/** The provider sends the browser back here with a code, traded for the token once. */
export function ProviderCallbackPage() {
  usePageTitle('Connexion en cours');
  const [, navigate] = useLocation();
  const [error, setError] = useState<string>();
  useEffect(() => {
    signInConfig()
      .then((config) => {
        if (config.mode !== 'oidc') throw new Error('La connexion par fournisseur d’identité n’est pas configurée');
        return completeProviderSignIn(config);
      })
      .then(() => navigate('/', { replace: true }), (failure: unknown) => setError(failure instanceof Error && !('code' in failure) ? failure.message : asApiError(failure).message));
  }, [navigate]);
  if (!error) return <p>Connexion en cours…</p>;
  return (
    <>
      <Alert severity="error" title="Connexion impossible" description={error} />
      <p className="fr-mt-3w"><Link href="/" className="fr-link">Recommencer</Link></p>
    </>
  );
}

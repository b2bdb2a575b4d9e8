import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useEffect, useState } from 'react';
import { asApiError } from '../../api/use-query';
import type { ApiError } from '../../api/client';
import { usePageTitle } from '../../layout/page-title';
import { demoMemberships, signInAsDemoUser, signInConfig, signInWithProvider, type DemoMembership, type SignInConfig } from '../../session/sign-in';
import { roleInText } from '../../session/roles';

export function SignInPage() {
  usePageTitle('Connexion');
  const [config, setConfig] = useState<SignInConfig>();
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    signInConfig().then(setConfig, (failure: unknown) => setError(asApiError(failure)));
  }, []);
  const attempt = (signIn: () => Promise<void>) => signIn().catch((failure: unknown) => setError(asApiError(failure)));
  return (
    <>
      <h1>Connexion</h1>
      {error && <Alert className="fr-mb-3w" severity="error" title="Connexion impossible" description={error.message} />}
      {config?.mode === 'oidc' && (
        <>
          <p>Connectez-vous avec le compte professionnel de votre organisation (ProConnect ou le fournisseur d’identité de la plateforme).</p>
          <Button iconId="fr-icon-account-circle-line" onClick={() => attempt(() => signInWithProvider(config))}>Se connecter</Button>
        </>
      )}
      {config?.mode === 'dev' && <DemoSignIn onSignIn={(email) => attempt(() => signInAsDemoUser(email))} />}
    </>
  );
}

/** Development only: the demo accounts, each with its organisations and roles, to sign in as one of them. */
function DemoSignIn({ onSignIn }: { onSignIn: (email: string) => void }) {
  const [memberships, setMemberships] = useState<DemoMembership[]>([]);
  useEffect(() => {
    demoMemberships().then(setMemberships, () => setMemberships([]));
  }, []);
  const byUser = new Map<string, DemoMembership[]>();
  for (const membership of memberships) byUser.set(membership.email, [...(byUser.get(membership.email) ?? []), membership]);
  return (
    <>
      <Alert className="fr-mb-3w" severity="info" small description="Plateforme de développement : choisissez un compte de démonstration. En production, la connexion passe par le fournisseur d’identité (OpenID Connect)." />
      <Table
        caption="Comptes de démonstration"
        headers={['Personne', 'Adresse', 'Organisations et rôles', '']}
        data={[...byUser.entries()].map(([email, ofUser]) => [
          ofUser[0]!.name,
          email,
          ofUser.map((m) => `${m.organisation} (${m.kind}, ${roleInText(m.role)})`).join(' ; '),
          <Button key={email} size="small" priority="secondary" onClick={() => onSignIn(email)} nativeButtonProps={{ 'aria-label': `Se connecter en tant que ${email}` }}>Se connecter</Button>,
        ])}
      />
    </>
  );
}

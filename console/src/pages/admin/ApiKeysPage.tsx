import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useRef, useState } from 'react';
import { request, type ApiError } from '../../api/client';
import { asApiError, useQuery } from '../../api/use-query';
import { fieldProblems, useSubmission } from '../../components/forms';
import { graphql } from '../../gql';
import type { AdminApiKeysQuery, MembershipRole } from '../../gql/graphql';
import { usePageTitle } from '../../layout/page-title';
import { ROLE_LABELS } from '../../session/roles';
import { ConfirmStep, dateTime, RoleSelect, useFocusOnProblem } from './shared';

const AdminApiKeysDocument = graphql(`
  query AdminApiKeys {
    apiKeys(includeRevoked: true, first: 1000) {
      totalCount
      nodes { id name prefix role createdAt lastUsedAt revokedAt }
    }
  }
`);

const AdminCreateApiKeyDocument = graphql(`
  mutation AdminCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) { secret apiKey { id name prefix role } }
  }
`);

const AdminRevokeApiKeyDocument = graphql(`
  mutation AdminRevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) { id revokedAt }
  }
`);

type ApiKey = AdminApiKeysQuery['apiKeys']['nodes'][number];

/** The keys of the software that calls the API for the organisation: created, seen in use, revoked. */
export function ApiKeysPage() {
  usePageTitle('Clés d’API');
  const { data, error, loading, reload } = useQuery(AdminApiKeysDocument);
  const [created, setCreated] = useState<{ name: string; secret: string }>();
  const [notice, setNotice] = useState<string>();
  const [failure, setFailure] = useState<ApiError>();
  const [revoking, setRevoking] = useState<ApiKey>();
  const [busy, setBusy] = useState(false);

  const revoke = async (key: ApiKey) => {
    setBusy(true);
    setNotice(undefined);
    setFailure(undefined);
    try {
      await request(AdminRevokeApiKeyDocument, { id: key.id });
      setNotice(`La clé « ${key.name} » est révoquée : elle ne donne plus accès à l’API.`);
      reload();
    } catch (caught) {
      setFailure(asApiError(caught));
    } finally {
      setRevoking(undefined);
      setBusy(false);
    }
  };

  return (
    <>
      <h1>Clés d’API</h1>
      <p>Une clé permet à un logiciel d’appeler l’API au nom de l’organisation, avec le rôle choisi. Révoquez-la dès qu’il n’en a plus besoin.</p>
      {created && <CreatedSecret {...created} onDone={() => setCreated(undefined)} />}
      <div aria-live="polite">
        {notice && <Alert className="fr-mb-3w" severity="success" small description={notice} closable onClose={() => setNotice(undefined)} />}
        {failure && <Alert className="fr-mb-3w" severity="error" title="Révocation refusée" description={failure.message} />}
      </div>
      {error && <Alert className="fr-mb-3w" severity="error" title="Les clés n’ont pas pu être lues" description={error.message} />}
      {revoking && (
        <ConfirmStep title={`Révoquer la clé « ${revoking.name} » ?`} confirmLabel="Confirmer la révocation" onConfirm={() => void revoke(revoking)} onCancel={() => setRevoking(undefined)} busy={busy}>
          <p className="fr-mb-0">Les logiciels qui l’utilisent seront refusés dès maintenant. Une clé révoquée ne peut pas être rétablie : il faudra en créer une nouvelle.</p>
        </ConfirmStep>
      )}
      {loading && !data && <p>Chargement des clés…</p>}
      {data && (data.apiKeys.nodes.length === 0 ? (
        <p>L’organisation n’a encore aucune clé.</p>
      ) : (
        <Table
          caption={`Clés de l’organisation (${data.apiKeys.totalCount})`}
          headers={['Nom', 'Début de la clé', 'Rôle', 'Créée le', 'Dernière utilisation', 'État', 'Actions']}
          data={data.apiKeys.nodes.map((key) => [
            key.name,
            <code key={`prefix-${key.id}`}>{key.prefix}</code>,
            ROLE_LABELS[key.role],
            dateTime(key.createdAt),
            key.lastUsedAt ? dateTime(key.lastUsedAt) : 'Jamais',
            key.revokedAt
              ? <Badge key={`state-${key.id}`} severity="error" small noIcon>Révoquée le {dateTime(key.revokedAt)}</Badge>
              : <Badge key={`state-${key.id}`} severity="success" small noIcon>Active</Badge>,
            key.revokedAt ? '' : <Button key={`revoke-${key.id}`} size="small" priority="tertiary" disabled={busy} onClick={() => setRevoking(key)} nativeButtonProps={{ 'aria-label': `Révoquer la clé ${key.name}` }}>Révoquer</Button>,
          ])}
        />
      ))}
      <CreateForm onCreated={(name, secret) => { setNotice(undefined); setCreated({ name, secret }); reload(); }} />
    </>
  );
}

/** The secret of a key just created: shown this once, with a button to copy it. */
function CreatedSecret({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'no'>();
  const copy = () => {
    navigator.clipboard.writeText(secret).then(() => setCopied('yes'), () => setCopied('no'));
  };
  return (
    <div className="fr-alert fr-alert--warning fr-mb-3w" role="region" aria-labelledby="secret-title">
      <h2 id="secret-title" className="fr-alert__title">Clé « {name} » créée : copiez-la maintenant</h2>
      <p><strong>Elle ne sera plus jamais affichée.</strong> La plateforme n’en garde qu’une empreinte : si vous la perdez, révoquez-la et créez-en une autre.</p>
      <Input
        label="La clé (secrète)"
        hintText="À transmettre au logiciel par un canal sûr, jamais par courriel."
        nativeInputProps={{ readOnly: true, value: secret, name: 'secret', onFocus: (event) => event.target.select() }}
      />
      <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--icon-left">
        <li><Button iconId="fr-icon-clipboard-line" onClick={copy}>Copier la clé</Button></li>
        <li><Button priority="secondary" onClick={onDone}>J’ai copié la clé, la masquer</Button></li>
      </ul>
      <p role="status" className="fr-mb-0">
        {copied === 'yes' && 'La clé est copiée dans le presse-papiers.'}
        {copied === 'no' && 'Le navigateur n’a pas permis la copie : sélectionnez la clé dans le champ et copiez-la.'}
      </p>
    </div>
  );
}

function CreateForm({ onCreated }: { onCreated: (name: string, secret: string) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<MembershipRole>('VIEWER');
  const { submit, sending, error } = useSubmission(async () => {
    const answer = await request(AdminCreateApiKeyDocument, { input: { name: name.trim(), role } });
    onCreated(answer.createApiKey.apiKey.name, answer.createApiKey.secret);
    setName('');
    setRole('VIEWER');
  });
  const form = useRef<HTMLFormElement>(null);
  useFocusOnProblem(form, error);
  const field = fieldProblems(error).state;
  return (
    <form ref={form} onSubmit={submit} noValidate className="fr-mt-5w">
      <h2>Créer une clé</h2>
      {error && <Alert className="fr-mb-3w" severity="error" title="La clé n’a pas été créée" description={error.message} />}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Input label="Nom de la clé" hintText="Le logiciel qui s’en servira, par exemple « Tableau de bord du PLIE »" {...field('name')} nativeInputProps={{ name: 'name', autoComplete: 'off', value: name, onChange: (event) => setName(event.target.value) }} />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <RoleSelect label="Rôle de la clé" value={role} onChange={setRole} problem={field('role')} />
        </div>
      </div>
      <Button type="submit" disabled={sending}>Créer la clé</Button>
    </form>
  );
}

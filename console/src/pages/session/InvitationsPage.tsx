import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import type { ApiError } from '../../api/client';
import { request } from '../../api/client';
import { asApiError } from '../../api/use-query';
import { graphql } from '../../gql';
import { usePageTitle } from '../../layout/page-title';
import { actFor } from '../../session/store';
import type { ConsoleViewer } from '../../session/viewer';
import { roleInText } from '../../session/roles';

const AcceptInvitation = graphql(`
  mutation ConsoleAcceptInvitation($invitationId: ID!) {
    acceptInvitation(invitationId: $invitationId) { membership { id organisation { id } } }
  }
`);

const RefuseInvitation = graphql(`
  mutation ConsoleRefuseInvitation($invitationId: ID!) {
    refuseInvitation(invitationId: $invitationId) { invitation { id status } }
  }
`);

/** A person who is a member of nothing yet: the invitations sent to their address, to accept or refuse. */
export function InvitationsPage({ viewer }: { viewer: ConsoleViewer }) {
  usePageTitle('Vos invitations');
  const [error, setError] = useState<ApiError>();
  const [refused, setRefused] = useState<string[]>([]);
  const pending = viewer.invitations.filter((invitation) => !refused.includes(invitation.id));
  const accept = (invitationId: string) => request(AcceptInvitation, { invitationId })
    .then((answer) => actFor(answer.acceptInvitation.membership.organisation.id), (failure: unknown) => setError(asApiError(failure)));
  const refuse = (invitationId: string) => request(RefuseInvitation, { invitationId })
    .then(() => setRefused((ids) => [...ids, invitationId]), (failure: unknown) => setError(asApiError(failure)));
  return (
    <>
      <h1>Bienvenue {viewer.user?.displayName}</h1>
      {error && <Alert className="fr-mb-3w" severity="error" title="Réponse impossible" description={error.message} />}
      {pending.length === 0 ? (
        <Alert severity="warning" title="Aucune organisation" description="Votre compte n’est membre actif d’aucune organisation : demandez une invitation à son administrateur." />
      ) : (
        <>
          <p>Vous avez été invité(e) à rejoindre :</p>
          <ul className="fr-raw-list">
            {pending.map((invitation) => (
              <li key={invitation.id} className="fr-mb-3w">
                <p className="fr-mb-1w"><strong>{invitation.organisation.name}</strong>, en tant que {roleInText(invitation.role)}</p>
                <Button className="fr-mr-2w" onClick={() => void accept(invitation.id)} nativeButtonProps={{ 'aria-label': `Accepter l’invitation de ${invitation.organisation.name}` }}>Accepter</Button>
                <Button priority="secondary" onClick={() => void refuse(invitation.id)} nativeButtonProps={{ 'aria-label': `Refuser l’invitation de ${invitation.organisation.name}` }}>Refuser</Button>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

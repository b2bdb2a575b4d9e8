import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useRef, useState } from 'react';
import { request, type ApiError } from '../../api/client';
import { asApiError, useQuery } from '../../api/use-query';
import { fieldProblems, useSubmission } from '../../components/forms';
import { graphql } from '../../gql';
import type { AdminMembersQuery, MembershipRole } from '../../gql/graphql';
import { usePageTitle } from '../../layout/page-title';
import { useViewer } from '../../session/viewer';
import { ROLE_LABELS, ROLES } from '../../session/roles';
import { ConfirmStep, date, RoleSelect, useFocusOnProblem } from './shared';

const AdminMembersDocument = graphql(`
  query AdminMembers {
    members(first: 1000) {
      totalCount
      nodes { id role active version user { id displayName email } }
    }
    invitations(first: 1000) {
      totalCount
      nodes { id email displayName role createdAt version }
    }
  }
`);

const AdminInviteMemberDocument = graphql(`
  mutation AdminInviteMember($input: InviteMemberInput!) {
    inviteMember(input: $input) { invitation { id email displayName role status } }
  }
`);

const AdminRevokeInvitationDocument = graphql(`
  mutation AdminRevokeInvitation($input: RevokeInvitationInput!) {
    revokeInvitation(input: $input) { invitation { id status } }
  }
`);

const AdminChangeMemberRoleDocument = graphql(`
  mutation AdminChangeMemberRole($input: ChangeMemberRoleInput!) {
    changeMemberRole(input: $input) { membership { id role version } }
  }
`);

const AdminDeactivateMemberDocument = graphql(`
  mutation AdminDeactivateMember($input: DeactivateMemberInput!) {
    deactivateMember(input: $input) { membership { id active version } }
  }
`);

type Member = AdminMembersQuery['members']['nodes'][number];
type Invitation = AdminMembersQuery['invitations']['nodes'][number];
type Pending =
  | { kind: 'deactivate'; member: Member }
  | { kind: 'revoke'; invitation: Invitation };

/** The organisation's members and pending invitations, for its administrators. */
export function MembersPage() {
  usePageTitle('Membres');
  const viewer = useViewer();
  const { data, error, loading, reload } = useQuery(AdminMembersDocument);
  const [notice, setNotice] = useState<string>();
  const [failure, setFailure] = useState<ApiError>();
  const [pending, setPending] = useState<Pending>();
  const [busy, setBusy] = useState(false);

  /** Writes, then says so and reads the lists again; false when the API refused. */
  const act = async (write: () => Promise<unknown>, done: string): Promise<boolean> => {
    setBusy(true);
    setNotice(undefined);
    setFailure(undefined);
    try {
      await write();
      setNotice(done);
      setPending(undefined);
      reload();
      return true;
    } catch (caught) {
      setFailure(asApiError(caught));
      setPending(undefined);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const confirm = () => {
    if (pending?.kind === 'deactivate') {
      const { member } = pending;
      void act(() => request(AdminDeactivateMemberDocument, { input: { membershipId: member.id, version: member.version } }), `${member.user.displayName} n’est plus membre actif de l’organisation.`);
    } else if (pending?.kind === 'revoke') {
      const { invitation } = pending;
      void act(() => request(AdminRevokeInvitationDocument, { input: { invitationId: invitation.id, version: invitation.version } }), `L’invitation de ${invitation.email} est révoquée.`);
    }
  };

  return (
    <>
      <h1>Membres</h1>
      <p>Les personnes qui agissent pour <strong>{viewer.actingOrganisation.name}</strong>, leur rôle, et les invitations en attente.</p>
      <div aria-live="polite">
        {notice && <Alert className="fr-mb-3w" severity="success" small description={notice} closable onClose={() => setNotice(undefined)} />}
        {failure && <Alert className="fr-mb-3w" severity="error" title="Modification refusée" description={failure.message} />}
      </div>
      {error && <Alert className="fr-mb-3w" severity="error" title="Les membres n’ont pas pu être lus" description={error.message} />}
      {pending?.kind === 'deactivate' && (
        <ConfirmStep title={`Désactiver ${pending.member.user.displayName} ?`} confirmLabel="Confirmer la désactivation" onConfirm={confirm} onCancel={() => setPending(undefined)} busy={busy}>
          <p className="fr-mb-0">{pending.member.user.displayName} ({pending.member.user.email}) n’aura plus accès aux données de l’organisation. Son adhésion est gardée pour l’historique ; une nouvelle invitation, acceptée, la rendra active.</p>
        </ConfirmStep>
      )}
      {pending?.kind === 'revoke' && (
        <ConfirmStep title={`Révoquer l’invitation de ${pending.invitation.email} ?`} confirmLabel="Confirmer la révocation" onConfirm={confirm} onCancel={() => setPending(undefined)} busy={busy}>
          <p className="fr-mb-0">La personne ne pourra plus l’accepter ; vous pourrez l’inviter de nouveau.</p>
        </ConfirmStep>
      )}
      {loading && !data && <p>Chargement des membres…</p>}
      {data && (
        <>
          <h2>Membres actifs</h2>
          <p>Changez un rôle dans la liste puis enregistrez-le ; un membre désactivé perd l’accès mais reste dans l’historique.</p>
          <Table
            caption={`Membres actifs (${data.members.totalCount})`}
            headers={['Nom', 'Adresse électronique', 'Rôle', 'Actions']}
            data={data.members.nodes.map((member) => [
              member.user.id === viewer.user?.id ? `${member.user.displayName} (vous)` : member.user.displayName,
              member.user.email,
              <RoleChanger key={`role-${member.id}`} member={member} disabled={busy} onChange={(role) => act(() => request(AdminChangeMemberRoleDocument, { input: { membershipId: member.id, role, version: member.version } }), `${member.user.displayName} est désormais ${ROLE_LABELS[role].toLowerCase()}.`)} />,
              member.user.id === viewer.user?.id ? '' : <Button key={`deactivate-${member.id}`} size="small" priority="tertiary" disabled={busy} onClick={() => setPending({ kind: 'deactivate', member })} nativeButtonProps={{ 'aria-label': `Désactiver ${member.user.displayName}` }}>Désactiver</Button>,
            ])}
          />
          <h2>Invitations en attente</h2>
          {data.invitations.nodes.length === 0 ? (
            <p>Aucune invitation en attente.</p>
          ) : (
            <Table
              caption={`Invitations en attente (${data.invitations.totalCount})`}
              headers={['Nom', 'Adresse électronique', 'Rôle offert', 'Envoyée le', 'Actions']}
              data={data.invitations.nodes.map((invitation) => [
                invitation.displayName,
                invitation.email,
                ROLE_LABELS[invitation.role],
                date(invitation.createdAt),
                <Button key={`revoke-${invitation.id}`} size="small" priority="tertiary" disabled={busy} onClick={() => setPending({ kind: 'revoke', invitation })} nativeButtonProps={{ 'aria-label': `Révoquer l’invitation de ${invitation.email}` }}>Révoquer</Button>,
              ])}
            />
          )}
        </>
      )}
      <InviteForm onInvited={(email) => { setFailure(undefined); setNotice(`Invitation envoyée à ${email} : elle apparaît parmi les invitations en attente jusqu’à sa réponse.`); reload(); }} />
    </>
  );
}

/** A member's role, changed on the spot: the select then its button, so that nothing changes by a slip of the keyboard. */
function RoleChanger({ member, disabled, onChange }: { member: Member; disabled: boolean; onChange: (role: MembershipRole) => Promise<boolean> }) {
  const [role, setRole] = useState<MembershipRole>(member.role);
  const id = `role-${member.id}`;
  return (
    <div className="fr-grid-row fr-grid-row--middle">
      <label className="fr-sr-only" htmlFor={id}>Rôle de {member.user.displayName}</label>
      <select id={id} className="fr-select fr-mr-1w" value={role} onChange={(event) => setRole(event.target.value as MembershipRole)} disabled={disabled}>
        {ROLES.map((value) => <option key={value} value={value}>{ROLE_LABELS[value]}</option>)}
      </select>
      {role !== member.role && (
        <Button size="small" priority="secondary" disabled={disabled} onClick={() => void onChange(role).then((changed) => changed || setRole(member.role))} nativeButtonProps={{ 'aria-label': `Enregistrer le rôle de ${member.user.displayName}` }}>Enregistrer</Button>
      )}
    </div>
  );
}

function InviteForm({ onInvited }: { onInvited: (email: string) => void }) {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<MembershipRole>('VIEWER');
  const { submit, sending, error } = useSubmission(async () => {
    await request(AdminInviteMemberDocument, { input: { email: email.trim(), displayName: displayName.trim(), role } });
    onInvited(email.trim());
    setEmail('');
    setDisplayName('');
    setRole('VIEWER');
  });
  const form = useRef<HTMLFormElement>(null);
  useFocusOnProblem(form, error);
  const field = fieldProblems(error).state;
  return (
    <form ref={form} onSubmit={submit} noValidate className="fr-mt-5w">
      <h2>Inviter une personne</h2>
      <p>La personne reçoit l’invitation en se connectant avec cette adresse ; elle devient membre quand elle l’accepte.</p>
      {error && <Alert className="fr-mb-3w" severity="error" title="L’invitation n’a pas été envoyée" description={error.message} />}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <Input label="Adresse électronique" hintText="Format attendu : nom@domaine.fr" {...field('email')} nativeInputProps={{ type: 'email', name: 'email', autoComplete: 'off', value: email, onChange: (event) => setEmail(event.target.value) }} />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Input label="Nom" hintText="Prénom et nom, tels que les autres membres les liront" {...field('displayName')} nativeInputProps={{ name: 'displayName', autoComplete: 'off', value: displayName, onChange: (event) => setDisplayName(event.target.value) }} />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <RoleSelect label="Rôle" value={role} onChange={setRole} problem={field('role')} />
        </div>
      </div>
      <Button type="submit" disabled={sending}>Inviter</Button>
    </form>
  );
}

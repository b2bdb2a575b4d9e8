import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useMemo, useState, type FormEvent } from 'react';
import { useQuery } from '../../api/use-query';
import { fieldProblems } from '../../components/forms';
import { PageButtons, useCursorPages } from '../../components/Pagination';
import { graphql } from '../../gql';
import type { AuditFilter } from '../../gql/graphql';
import { usePageTitle } from '../../layout/page-title';
import { databaseId } from '../../api/global-id';
import { dateTime } from './shared';

const AdminAuditEventsDocument = graphql(`
  query AdminAuditEvents($filter: AuditFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id createdAt action entity entityId changes userId apiKeyId requestId }
    }
  }
`);

/** Who may have written: the members (past ones too) and the keys (revoked ones too), to name the trail's actors. */
const AdminAuditActorsDocument = graphql(`
  query AdminAuditActors {
    members(first: 1000, includeInactive: true) { nodes { id user { id displayName email } } }
    apiKeys(first: 1000, includeRevoked: true) { nodes { id name } }
  }
`);

const PAGE_SIZE = 20;

interface Draft {
  entity: string;
  action: string;
  /** `user:<id>` or `key:<id>`, database ids. */
  actor: string;
  from: string;
  to: string;
  entityId: string;
  requestId: string;
}
const NO_FILTER: Draft = { entity: '', action: '', actor: '', from: '', to: '', entityId: '', requestId: '' };

/** The first instant of a day (YYYY-MM-DD), in the browser's time zone, `days` later. */
function startOfDay(day: string, days = 0): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + days).toISOString();
}

/** The entities the trail names (their class names in the platform), in French. */
export const ENTITY_LABELS: Record<string, string> = {
  Membership: 'Adhésion d’un membre',
  Invitation: 'Invitation',
  ApiKey: 'Clé d’API',
  User: 'Compte',
  Organisation: 'Organisation',
  Beneficiary: 'Participant',
  BeneficiaryIdentity: 'Identité d’un participant',
  Placement: 'Mise en emploi',
  MonthlyHours: 'Heures du mois',
  Exit: 'Sortie',
  Market: 'Marché',
  Lot: 'Lot',
  Award: 'Attribution',
  Company: 'Entreprise',
  Charter: 'Charte',
  CharterSignatory: 'Signataire d’une charte',
  CharterTarget: 'Objectif d’une charte',
  CharterQpv: 'QPV d’une charte',
  Operation: 'Opération',
  ImportJob: 'Import de tableur',
  Qpv: 'Quartier prioritaire',
};

const ACTION_LABELS: Record<string, string> = { CREATE: 'Création', UPDATE: 'Modification', DELETE: 'Suppression' };

/** Bookkeeping every write carries, left out of the summary. */
const HIDDEN_FIELDS = new Set(['id', 'version', 'created_at', 'updated_at', 'createdAt', 'updatedAt']);

/** The fields the trail names most, in French; any other keeps its name in the platform. */
const FIELD_LABELS: Record<string, string> = {
  role: 'rôle', active: 'actif', status: 'état', email: 'adresse', displayName: 'nom', display_name: 'nom', name: 'nom',
  revokedAt: 'révoquée le', revoked_at: 'révoquée le', closedAt: 'close le', closed_at: 'close le', lastUsedAt: 'dernière utilisation',
  prefix: 'début de la clé', invitedBy: 'invitée par', createdBy: 'créée par', user: 'compte', organisation: 'organisation', invitation: 'invitation',
};
const VALUE_LABELS: Record<string, string> = { ...ACTION_LABELS, ADMIN: 'administrateur', EDITOR: 'éditeur', VIEWER: 'lecteur', PENDING: 'en attente', ACCEPTED: 'acceptée', REFUSED: 'refusée', REVOKED: 'révoquée' };
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function valueText(value: unknown): string {
  if (value === null || value === undefined) return 'vide';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'string') return ISO_INSTANT.test(value) ? dateTime(value) : VALUE_LABELS[value] ?? value;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** What a write changed, in a line: the fields and their new values (the trail keeps only names for personal data). */
function summary(changes: Record<string, unknown>): string {
  if (Array.isArray(changes.redacted)) return `Champs : ${(changes.redacted as string[]).map((field) => FIELD_LABELS[field] ?? field).join(', ')} (valeurs non conservées)`;
  const parts = Object.entries(changes)
    .filter(([key]) => !HIDDEN_FIELDS.has(key))
    .map(([key, value]) => `${FIELD_LABELS[key] ?? key} : ${valueText(value)}`);
  const text = parts.join(' ; ');
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

/** The organisation's audit trail, newest first, for its administrators. */
export function AuditPage() {
  usePageTitle('Journal');
  const [draft, setDraft] = useState<Draft>(NO_FILTER);
  const [filter, setFilter] = useState<AuditFilter>({});
  const cursorPages = useCursorPages();
  const { data, error, loading } = useQuery(AdminAuditEventsDocument, { filter, first: PAGE_SIZE, after: cursorPages.after });
  const actors = useQuery(AdminAuditActorsDocument);

  const names = useMemo(() => {
    const people = new Map<string, string>();
    for (const member of actors.data?.members.nodes ?? []) people.set(databaseId(member.user.id), `${member.user.displayName} (${member.user.email})`);
    const keys = new Map<string, string>();
    for (const key of actors.data?.apiKeys.nodes ?? []) keys.set(databaseId(key.id), key.name);
    return { people, keys };
  }, [actors.data]);

  const who = (event: { userId?: string | null; apiKeyId?: string | null }) => {
    if (event.apiKeyId) return `Clé d’API « ${names.keys.get(event.apiKeyId) ?? event.apiKeyId.slice(0, 8)} »`;
    if (event.userId) return names.people.get(event.userId) ?? `Compte extérieur à l’organisation (${event.userId.slice(0, 8)})`;
    return 'La plateforme';
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next: AuditFilter = {};
    if (draft.entity) next.entity = draft.entity;
    if (draft.action) next.action = draft.action;
    if (draft.actor.startsWith('user:')) next.userId = draft.actor.slice(5);
    if (draft.actor.startsWith('key:')) next.apiKeyId = draft.actor.slice(4);
    if (draft.from) next.from = startOfDay(draft.from);
    if (draft.to) next.to = startOfDay(draft.to, 1);
    if (draft.entityId.trim()) next.entityId = draft.entityId.trim();
    if (draft.requestId.trim()) next.requestId = draft.requestId.trim();
    setFilter(next);
    cursorPages.reset();
  };
  const clear = () => {
    setDraft(NO_FILTER);
    setFilter({});
    cursorPages.reset();
  };
  const field = fieldProblems(error).state;
  const page = cursorPages.page;
  const total = data?.auditEvents.totalCount ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <>
      <h1>Journal</h1>
      <p>Chaque écriture faite pour l’organisation, la plus récente d’abord : qui, quand, quoi.</p>
      <form onSubmit={apply} className="fr-mb-3w" aria-labelledby="filters-title">
        <h2 id="filters-title" className="fr-h4">Filtrer le journal</h2>
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-4">
            <Select label="Sur quoi" {...field('entity')} nativeSelectProps={{ name: 'entity', value: draft.entity, onChange: (event) => setDraft({ ...draft, entity: event.target.value }) }}>
              <option value="">Tout</option>
              {Object.entries(ENTITY_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Select label="Action" {...field('action')} nativeSelectProps={{ name: 'action', value: draft.action, onChange: (event) => setDraft({ ...draft, action: event.target.value }) }}>
              <option value="">Toutes</option>
              {Object.entries(ACTION_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Select label="Qui" hint="Un membre, ancien ou actuel, ou une clé d’API" {...field('userId')} nativeSelectProps={{ name: 'actor', value: draft.actor, onChange: (event) => setDraft({ ...draft, actor: event.target.value }) }}>
              <option value="">Tout le monde</option>
              {[...names.people.entries()].map(([id, name]) => <option key={id} value={`user:${id}`}>{name}</option>)}
              {[...names.keys.entries()].map(([id, name]) => <option key={id} value={`key:${id}`}>Clé d’API « {name} »</option>)}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Input label="Du" hintText="Jour inclus" {...field('from')} nativeInputProps={{ type: 'date', name: 'from', value: draft.from, onChange: (event) => setDraft({ ...draft, from: event.target.value }) }} />
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Input label="Au" hintText="Jour inclus" {...field('to')} nativeInputProps={{ type: 'date', name: 'to', value: draft.to, onChange: (event) => setDraft({ ...draft, to: event.target.value }) }} />
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Input label="Identifiant de la ligne" hintText="L’identifiant technique (UUID) de l’objet écrit" {...field('entityId')} nativeInputProps={{ name: 'entityId', autoComplete: 'off', value: draft.entityId, onChange: (event) => setDraft({ ...draft, entityId: event.target.value }) }} />
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Input label="Identifiant de requête" hintText="L’en-tête x-request-id d’une requête, pour savoir si elle a écrit" {...field('requestId')} nativeInputProps={{ name: 'requestId', autoComplete: 'off', value: draft.requestId, onChange: (event) => setDraft({ ...draft, requestId: event.target.value }) }} />
          </div>
        </div>
        <ul className="fr-btns-group fr-btns-group--inline-sm">
          <li><Button type="submit">Filtrer</Button></li>
          <li><Button type="button" priority="secondary" onClick={clear}>Effacer les filtres</Button></li>
        </ul>
      </form>
      {error && <Alert className="fr-mb-3w" severity="error" title="Le journal n’a pas pu être lu" description={error.message} />}
      {loading && !data && <p>Chargement du journal…</p>}
      {data && (data.auditEvents.nodes.length === 0 ? (
        <p>Aucune écriture ne correspond à ces filtres.</p>
      ) : (
        <>
          <Table
            caption={`Écritures de l’organisation (${total}), page ${page} sur ${pages}`}
            headers={['Date', 'Qui', 'Action', 'Sur quoi', 'Changements', 'Requête']}
            data={data.auditEvents.nodes.map((event) => [
              dateTime(event.createdAt),
              who(event),
              ACTION_LABELS[event.action] ?? event.action,
              <span key={`entity-${event.id}`}>{ENTITY_LABELS[event.entity] ?? event.entity}<br /><small className="fr-text--xs">{event.entityId}</small></span>,
              summary(event.changes as Record<string, unknown>),
              event.requestId ? <small key={`request-${event.id}`} className="fr-text--xs">{event.requestId}</small> : '',
            ])}
          />
          <PageButtons pages={cursorPages} pageInfo={data.auditEvents.pageInfo} label="Pages du journal" loading={loading} />
        </>
      ))}
    </>
  );
}

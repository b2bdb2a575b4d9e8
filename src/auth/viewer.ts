import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthenticatedKey } from '../access/api-keys.js';
import { filterAs, settingsWithFirstStatement } from '../access/session.js';
import { User, type MembershipRole, type OrganisationKind } from '../db/entities/index.js';
import { managed } from '../db/held-entity.js';
import { preparedSql } from '../db/raw-sql.js';
import type { ActingMembership, SessionRows, Viewer } from '../context/request-context.js';
import { forbidden } from '../context/errors.js';
import { parseGlobalId } from '../graphql/relay/global-id.js';
import type { KeptSessions } from './kept-sessions.js';

const NOT_A_MEMBER = "Vous n'êtes pas membre actif de l'organisation indiquée par X-Organisation";

/**
 * The signed-in user (sign-in.ts), their active memberships, and the organisation they act for: the one named by
 * the X-Organisation header (an Organisation id), or their only one. One statement, app_open_session, reads them and
 * sets the transaction's settings that row-level security reads; the session read is kept for the person's next
 * requests when `sessions` keeps them (kept-sessions.ts, keptViewerOfUser).
 */
export async function viewerOfUser(em: EntityManager, userId: string, organisationHeader: string | undefined, sessions?: KeptSessions<SessionRows>): Promise<Viewer> {
  const named = namedOrganisation(organisationHeader);
  const session = await openSession(em, userId, named, sessions);
  if (!session) throw forbidden("Aucun compte n'est associé à cette identité");
  return personViewer(em, session, named);
}

/**
 * The person's viewer from the session the process keeps for them, without a statement, its settings not sent yet
 * (settingsWithFirstStatement, when the request's transaction begins); undefined when none is kept: viewerOfUser reads it.
 */
export function keptViewerOfUser(em: EntityManager, userId: string, organisationHeader: string | undefined, sessions: KeptSessions<SessionRows>): Viewer | undefined {
  const named = namedOrganisation(organisationHeader);
  const kept = sessions.get(userId);
  return kept && personViewer(em, kept, named);
}

/** The organisation an X-Organisation header names, null when none is named; refused when it names none of the platform's ids. */
function namedOrganisation(organisationHeader: string | undefined): string | null {
  const named = organisationHeader ? parseGlobalId(organisationHeader)?.id : null;
  if (named === undefined) throw forbidden(NOT_A_MEMBER);
  return named;
}

/** The person acting with the membership `named` chooses in their session, their ORM filter set. */
function personViewer(em: EntityManager, session: SessionRows, named: string | null): Viewer {
  const chosen = actingMembership(session, named);
  if (named && !chosen) throw forbidden(NOT_A_MEMBER);
  const acting = chosen
    ? { organisationId: chosen.organisation.id as string, kind: chosen.organisation.kind as OrganisationKind, role: chosen.membership.role as MembershipRole }
    : null;
  const viewer = new PersonViewer(em, session, acting);
  filterAs(em, viewer);
  return viewer;
}

/** The membership the person acts with, as app_open_session chooses it: the one of the organisation named, or with none named their only one. */
function actingMembership({ memberships }: SessionRows, named: string | null): SessionRows['memberships'][number] | undefined {
  if (named) return memberships.find(({ organisation }) => organisation.id === named);
  return memberships.length === 1 ? memberships[0] : undefined;
}

/**
 * The session read, its settings set, and kept for the person's next requests when `sessions` keeps them, whatever
 * organisation they name (the acting one is worked out from the memberships at each request).
 */
async function openSession(em: EntityManager, userId: string, named: string | null, sessions: KeptSessions<SessionRows> | undefined): Promise<SessionRows | null> {
  const generation = sessions?.generation ?? 0;
  // Its answer's rows, as PostgreSQL's to_jsonb writes them; the acting organisation it chose for the settings is left.
  const [opened] = await preparedSql(em)<{ session: SessionRows | null }>('select app_open_session($1, $2) as session', [userId, named]);
  const session = opened?.session ?? null;
  if (!session) return null;
  const rows = { user: session.user, memberships: session.memberships };
  sessions?.keep(userId, rows, generation);
  return rows;
}

/**
 * A person's viewer. Its user becomes the entity manager's entity, as if the ORM had loaded it, when first read: most
 * requests read only the ids and the acting organisation, and making entities costs more than the rest of the session.
 * The session's rows are kept as they came, for the answers that show them (the viewer field, the loaders).
 */
class PersonViewer implements Viewer {
  readonly apiKey = null;
  readonly userId: string;
  #user: User | undefined;

  constructor(
    private readonly em: EntityManager,
    private readonly session: SessionRows,
    readonly acting: ActingMembership | null,
  ) {
    this.userId = session.user.id as string;
  }

  get sessionRows(): SessionRows {
    return this.session;
  }

  get user(): User {
    return (this.#user ??= managed(this.em, User, this.session.user));
  }
}

/** A partner's API key, already authenticated, acts for its organisation with its role. */
export async function viewerOfApiKey(em: EntityManager, apiKey: AuthenticatedKey): Promise<Viewer> {
  const viewer = apiKeyViewer(em, apiKey);
  await settingsWithFirstStatement(em, viewer);
  return viewer;
}

/** As viewerOfApiKey, without a statement: the settings are not sent yet (settingsWithFirstStatement at the transaction's begin). */
export function apiKeyViewer(em: EntityManager, apiKey: AuthenticatedKey): Viewer {
  const viewer: Viewer = {
    userId: null,
    sessionRows: null,
    user: null,
    apiKey,
    acting: { organisationId: apiKey.organisationId, kind: apiKey.kind, role: apiKey.role },
  };
  filterAs(em, viewer);
  return viewer;
}

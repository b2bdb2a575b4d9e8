import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../context/request-context.js';
import { StatementWithNextOne } from '../db/lazy-transactions.js';
import { preparedName } from '../db/prepared-statement.js';
import { preparedSql, sqlWithNextStatement } from '../db/raw-sql.js';
import { TENANT_FILTER, type TenantScope } from './tenant-filter.js';

/**
 * The ORM's half of the session: its tenant filter scopes every query of the request by the viewer. The other half,
 * the settings row-level security reads, is set by actAsSession, or for a person by app_open_session (viewer.ts) when
 * their session is not known already.
 */
export function filterAs(em: EntityManager, viewer: Viewer): void {
  em.setFilterParams(TENANT_FILTER, askerOf(viewer));
}

/**
 * For the rest of the request: the asking user, the acting organisation, its kind, the viewer's role there and the
 * asking API key if a key asks, for both layers that scope rows: the ORM's tenant filter and PostgreSQL's row-level
 * security. The settings hold for the current transaction only (set_config(…, true) is SET LOCAL: it never reaches
 * the next user of a pooled connection), and are sent in one statement with bound values.
 */
export async function actAsSession(em: EntityManager, viewer: Viewer): Promise<void> {
  filterAs(em, viewer);
  const { text, values } = settingsOf(viewer);
  await preparedSql(em)(text, values);
}

/**
 * The other half of actAsSession, for a viewer whose ORM filter is set already (src/auth/viewer.ts sets it as it makes
 * the viewer): its settings sent with the transaction's next statement, right after a begin not sent yet (the
 * request's, RequestTransaction), with the begin, so that a request that reads nothing sends nothing; in a
 * transaction already open, at once.
 */
export async function settingsWithFirstStatement(em: EntityManager, viewer: Viewer): Promise<void> {
  await sqlWithNextStatement(em, settingsStatement(viewer));
}

/**
 * The statement of the viewer's settings, prepared under its name, as one that may wait for the next
 * (StatementWithNextOne). `readOnly`: the transaction they are set in may write nothing, for a statement sent outside
 * the request's transaction (RequestTransaction#preparedRows): its implicit transaction commits, where a reader's
 * transaction ends rolled back.
 */
export function settingsStatement(viewer: Viewer, { readOnly = false } = {}): StatementWithNextOne {
  const { values } = settingsOf(viewer);
  const text = readOnly ? READ_ONLY_SETTINGS_TEXT : SETTINGS_TEXT;
  return new StatementWithNextOne(text, values, preparedName(text));
}

/** What row-level security reads of the viewer, each a setting of the transaction. */
const SETTINGS = ['app.user_id', 'app.org_id', 'app.org_kind', 'app.role', 'app.api_key_id'] as const;

/** One statement for them all, written once: the same text at every request, prepared under its name. */
const SETTINGS_TEXT = `select ${SETTINGS.map((_, index) => `set_config($${2 * index + 1}, $${2 * index + 2}, true)`).join(', ')}`;
const READ_ONLY_SETTINGS_TEXT = `${SETTINGS_TEXT}, set_config('transaction_read_only', 'on', true)`;

/** The statement that gives row-level security the viewer's settings. */
function settingsOf(viewer: Viewer): { text: string; values: string[] } {
  const { userId, organisationId, kind, role, apiKeyId } = askerOf(viewer);
  const values = [userId, organisationId, kind, role, apiKeyId];
  return { text: SETTINGS_TEXT, values: SETTINGS.flatMap((name, index) => [name, values[index] ?? '']) };
}

/** The viewer as the access model's rules read it. */
export function askerOf(viewer: Viewer): TenantScope {
  return {
    userId: viewer.userId,
    apiKeyId: viewer.apiKey?.id ?? null,
    organisationId: viewer.acting?.organisationId ?? null,
    kind: viewer.acting?.kind ?? null,
    role: viewer.acting?.role ?? null,
  };
}


import { forbidden, unauthenticated, type DomainError } from '../context/errors.js';
import type { Viewer } from '../context/request-context.js';
import { MembershipRole, OrganisationKind } from '../db/entities/enums.js';
import type { Action } from './model/sql.js';
import { accessTo } from './model/rules.js';
import { describeByKind } from './model/predicates.js';

/**
 * Who may ask for each operation: every GraphQL root field and every HTTP route, in one table. The
 * GraphQL rules (permissions.ts) and the routes' guards (`guard`) are built from it; which rows an
 * operation then reaches is the model's rules (model/rules.ts), applied below by every layer.
 */
export interface Requirement {
  sentence: string;
  /** True, or the refusal to answer. */
  allows: (viewer: Viewer | null) => true | DomainError;
}

const open = (sentence: string): Requirement => ({ sentence, allows: () => true });

const signedIn: Requirement = { sentence: 'a signed-in user or an API key', allows: (viewer) => (viewer ? true : unauthenticated()) };

/** A person, acting for an organisation or for none yet: never an API key. */
export const PERSON: Requirement = {
  sentence: 'a signed-in person, acting for an organisation or not (never an API key)',
  allows: (viewer) => {
    if (!viewer) return unauthenticated();
    return viewer.userId !== null ? true : forbidden('Réservé à une personne connectée, pas à une clé d’API');
  },
};

const acting: Requirement = {
  sentence: 'acting for an organisation',
  allows: (viewer) => {
    if (!viewer) return unauthenticated();
    return viewer.acting ? true : forbidden("Indiquez l'organisation pour laquelle vous agissez (en-tête X-Organisation)");
  },
};

/**
 * Someone whose organisation's kind and role can pass the rule of `action` on `table` for some row:
 * the rule itself then decides each row, in the service and in the database.
 */
interface Refusals {
  /** To an organisation of a kind the rule never admits. */
  kind: string;
  /** To a role (or an API key) the rule does not admit, in a kind it does. */
  role?: string;
}

function may(table: string, action: Action, refusals: Refusals, options: { anyRole?: boolean } = {}): Requirement {
  const rule = accessTo(table)[action];
  return {
    sentence: options.anyRole
      ? `any member of an organisation of a kind that may ${action} ${table}: ${kindsAdmitted(table, action)}`
      : `may ${action} ${table}: ${describeByKind(rule)}`,
    allows: (viewer) => {
      if (!viewer) return unauthenticated();
      const passes = acting.allows(viewer);
      if (passes !== true) return passes;
      const { kind, role } = viewer.acting!;
      const session = { kind, role, person: viewer.userId !== null };
      const kindAdmitted = rule?.[kind].admits({ kind, role: MembershipRole.ADMIN, person: true }) ?? false;
      if (!kindAdmitted) return forbidden(refusals.kind);
      return options.anyRole || rule![kind].admits(session) ? true : forbidden(refusals.role ?? refusals.kind);
    },
  };
}

function kindsAdmitted(table: string, action: Action): string {
  const rule = accessTo(table)[action];
  const kinds = Object.values(OrganisationKind).filter((kind) => rule?.[kind].admits({ kind, role: MembershipRole.ADMIN, person: true }));
  return kinds.length ? kinds.join(', ') : 'none';
}

const EDITORS = { kind: 'Seul un PLIE enregistre et suit des participants', role: "Réservé aux éditeurs et administrateurs de l'organisation" };
const ERASERS = { ...EDITORS, role: "L'effacement d'une personne est réservé aux administrateurs du PLIE qui la suit" };
const BUYER_EDITORS = { kind: 'Réservé aux éditeurs et administrateurs des acheteurs' };
const ADMINISTRATORS = { kind: "Réservé aux administrateurs de l'organisation" };
const TRAIL_READERS = { kind: "Réservé aux administrateurs de l'organisation et aux auteurs des écritures" };
const READ_LOG_READERS = { kind: 'Réservé aux administrateurs du Département et des PLIE' };
const COMPANY_EDITORS = { kind: "Réservé aux éditeurs et administrateurs de l'organisation" };

export const OPERATIONS: Record<string, Requirement> = {
  'Query.viewer': signedIn,
  'Query.node': acting,
  'Query.organisations': acting,
  'Query.charters': acting,
  'Query.operations': acting,
  'Query.markets': acting,
  'Query.companies': acting,
  'Query.beneficiaries': acting,
  'Query.placements': acting,
  'Query.members': acting,
  'Query.importJobs': acting,
  'Query.indicators': acting,
  'Query.apiKeys': may('api_key', 'read', ADMINISTRATORS),
  'Query.auditEvents': may('audit_event', 'read', TRAIL_READERS),
  'Query.identityReads': may('identity_read', 'read', READ_LOG_READERS),
  'Query.invitations': may('invitation', 'create', ADMINISTRATORS),
  'Mutation.inviteMember': may('invitation', 'create', ADMINISTRATORS),
  'Mutation.revokeInvitation': may('invitation', 'update', ADMINISTRATORS),
  'Mutation.acceptInvitation': PERSON,
  'Mutation.refuseInvitation': PERSON,
  'Mutation.changeMemberRole': may('membership', 'update', ADMINISTRATORS),
  'Mutation.deactivateMember': may('membership', 'update', ADMINISTRATORS),
  'Mutation.createApiKey': may('api_key', 'create', ADMINISTRATORS),
  'Mutation.revokeApiKey': may('api_key', 'update', ADMINISTRATORS),
  'Mutation.createMarket': may('market', 'create', BUYER_EDITORS),
  'Mutation.updateMarket': may('market', 'update', BUYER_EDITORS),
  'Mutation.archiveMarket': may('market', 'update', BUYER_EDITORS),
  'Mutation.createLot': may('lot', 'create', BUYER_EDITORS),
  'Mutation.updateLot': may('lot', 'update', BUYER_EDITORS),
  'Mutation.removeLot': may('lot', 'delete', BUYER_EDITORS),
  'Mutation.awardLot': may('award', 'create', BUYER_EDITORS),
  'Mutation.updateAward': may('award', 'update', BUYER_EDITORS),
  'Mutation.withdrawAward': may('award', 'delete', BUYER_EDITORS),
  'Query.probableDuplicates': may('beneficiary', 'create', EDITORS),
  'Mutation.registerBeneficiary': may('beneficiary', 'create', EDITORS),
  'Mutation.updateBeneficiary': may('beneficiary', 'update', EDITORS),
  'Mutation.restrictBeneficiary': may('beneficiary', 'update', EDITORS),
  'Mutation.liftBeneficiaryRestriction': may('beneficiary', 'update', EDITORS),
  'Mutation.eraseBeneficiary': may('beneficiary_identity', 'delete', ERASERS),
  'Mutation.recordExit': may('beneficiary_exit', 'create', EDITORS),
  'Mutation.createPlacement': may('placement', 'create', EDITORS),
  'Mutation.updatePlacement': may('placement', 'update', EDITORS),
  'Mutation.reportHours': may('monthly_hours', 'create', EDITORS),
  'Mutation.reportMonthHours': may('monthly_hours', 'create', EDITORS),
  'Mutation.registerCompany': may('company', 'create', COMPANY_EDITORS),
  'Mutation.updateCompany': may('company', 'update', COMPANY_EDITORS),
  'GET /health/live': open('nobody in particular: says the process is alive'),
  'GET /health/ready': open('nobody in particular: says whether the database is reachable and migrated'),
  'GET /metrics': open('the operator: the METRICS_TOKEN bearer token (404 when unset)'),
  'GET /console': open('nobody in particular: the console’s page and its files; the API behind them asks its own'),
  'GET /auth/config': open('nobody in particular: how the console signs in (the OpenID provider and its client, or development sign-in)'),
  'GET /auth/demo-users': open('nobody in particular, in development only: the demo accounts (404 where tokens come from OIDC_ISSUER, as in production)'),
  'POST /auth/dev-token': open('nobody in particular, in development only: a demo account’s token (404 where tokens come from OIDC_ISSUER, as in production)'),
  'GET /graphiql': open('nobody in particular: the GraphiQL page and its files; the API behind it asks its own'),
  'POST /graphql': open('nobody in particular: each root field asks its own (the Query and Mutation lines)'),
  'POST /imports': may('beneficiary', 'create', { kind: 'Seul un PLIE importe les suivis de ses participants', role: 'Importer demande le rôle EDITOR ou ADMIN' }),
  'GET /exports/follow-up': may('beneficiary', 'create', { kind: 'Seul un PLIE exporte le suivi de ses participants' }, { anyRole: true }),
  'GET /exports/person': may('beneficiary', 'update', EDITORS),
  'GET /exports/import-refused': may('beneficiary', 'create', { kind: 'Seul un PLIE importe les suivis de ses participants', role: 'Les lignes refusées d’un import se téléchargent avec le rôle EDITOR ou ADMIN' }),
  'GET /reports/anru': acting,
  'GET /reports/departement': may('platform_hours', 'read', { kind: 'Seul le Département consulte la synthèse annuelle des PLIE' }),
};

/** The GraphQL root fields' part of the table. */
export const ROOT_FIELD_OPERATIONS = Object.fromEntries(Object.entries(OPERATIONS).filter(([name]) => /^(Query|Mutation)\./.test(name)));

/** Refuses the viewer an operation it may not ask for; an operation missing from the table is refused. */
export function guard(viewer: Viewer | null, operation: string): void {
  const verdict = OPERATIONS[operation]?.allows(viewer) ?? forbidden();
  if (verdict !== true) throw verdict;
}

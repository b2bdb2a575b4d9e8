import { GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { IRules } from 'graphql-shield';
import { applyMiddleware, deny, rule, shield } from './shield-commonjs.js';
import { MembershipRole } from '../db/entities/index.js';
import { BUYER_KINDS } from './model.js';
import type { RequestContext } from '../context/request-context.js';
import { forbidden, unauthenticated } from '../context/errors.js';

/**
 * The GraphQL layer of the access model (docs/permissions.md): a named rule for every field of the
 * schema, decided once per request (contextual cache). Which rows a field reaches is decided below
 * it, by the ORM's tenant filter and PostgreSQL's row-level security; these rules decide who may ask.
 */
export const RULES = {
  /** A verified token of a known user (the HTTP layer refuses the others before GraphQL). */
  signedIn: rule('signedIn', { cache: 'contextual' })((_parent, _args, { viewer }: RequestContext) => (viewer ? true : unauthenticated())),
  /** The viewer acts for one organisation: the one they belong to, or the one X-Organisation names. */
  actingForOrganisation: rule('actingForOrganisation', { cache: 'contextual' })((_parent, _args, { viewer }: RequestContext) =>
    viewer.acting ? true : forbidden("Indiquez l'organisation pour laquelle vous agissez (en-tête X-Organisation)")),
  /**
   * A person who administers the acting organisation (the Département's administrators for any
   * organisation). Never an API key, whatever its role: a key must not manage keys or members.
   */
  organisationAdmin: rule('organisationAdmin', { cache: 'contextual' })((_parent, _args, { viewer }: RequestContext) =>
    viewer.user && viewer.acting?.role === MembershipRole.ADMIN ? true : forbidden("Réservé aux administrateurs de l'organisation")),
  /** A person signed in with a token, whatever organisation they act for, if any; never an API key. */
  person: rule('person', { cache: 'contextual' })((_parent, _args, { viewer }: RequestContext) =>
    viewer.user ? true : forbidden('Réservé à une personne connectée, pas à une clé d’API')),
  /** An editor or administrator of the acting organisation: it writes that organisation's data. */
  organisationEditor: rule('organisationEditor', { cache: 'contextual' })((_parent, _args, { viewer }: RequestContext) =>
    viewer.acting?.role === MembershipRole.ADMIN || viewer.acting?.role === MembershipRole.EDITOR
      ? true
      : forbidden("Réservé aux éditeurs et administrateurs de l'organisation")),
  /** An editor or administrator of an organisation that buys (model.ts BUYER_KINDS): markets, their lots and awards. */
  buyerEditor: rule('buyerEditor', { cache: 'contextual' })((_parent, _args, { viewer }: RequestContext) =>
    (viewer.acting?.role === MembershipRole.ADMIN || viewer.acting?.role === MembershipRole.EDITOR) && BUYER_KINDS.has(viewer.acting.kind)
      ? true
      : forbidden('Réservé aux éditeurs et administrateurs des acheteurs')),
  /** Fields of rows that only the scoped ORM and row-level security can have produced. */
  scopedRow: rule('scopedRow', { cache: 'contextual' })(() => true),
};

type RuleName = keyof typeof RULES;

/** Root fields, one by one: adding a query or mutation without a line here fails at start-up. */
export const ROOT_FIELD_RULES: Record<string, RuleName> = {
  'Query.viewer': 'signedIn',
  'Query.node': 'actingForOrganisation',
  'Query.organisations': 'actingForOrganisation',
  'Query.charters': 'actingForOrganisation',
  'Query.operations': 'actingForOrganisation',
  'Query.markets': 'actingForOrganisation',
  'Query.companies': 'actingForOrganisation',
  'Query.beneficiaries': 'actingForOrganisation',
  'Query.placements': 'actingForOrganisation',
  'Query.members': 'actingForOrganisation',
  'Query.apiKeys': 'organisationAdmin',
  'Query.auditEvents': 'organisationAdmin',
  'Query.importJobs': 'actingForOrganisation',
  'Query.indicators': 'actingForOrganisation',
  'Query.invitations': 'organisationAdmin',
  'Mutation.inviteMember': 'organisationAdmin',
  'Mutation.revokeInvitation': 'organisationAdmin',
  'Mutation.acceptInvitation': 'person',
  'Mutation.refuseInvitation': 'person',
  'Mutation.changeMemberRole': 'organisationAdmin',
  'Mutation.deactivateMember': 'organisationAdmin',
  'Mutation.createApiKey': 'organisationAdmin',
  'Mutation.revokeApiKey': 'organisationAdmin',
  'Mutation.createMarket': 'buyerEditor',
  'Mutation.updateMarket': 'buyerEditor',
  'Mutation.archiveMarket': 'buyerEditor',
  'Mutation.registerBeneficiary': 'organisationEditor',
  'Mutation.updateBeneficiary': 'organisationEditor',
  'Mutation.reportHours': 'organisationEditor',
  'Mutation.recordExit': 'organisationEditor',
  'Mutation.createPlacement': 'organisationEditor',
  'Mutation.updatePlacement': 'organisationEditor',
  'Mutation.registerCompany': 'organisationEditor',
  'Mutation.updateCompany': 'organisationEditor',
  'Mutation.createLot': 'buyerEditor',
  'Mutation.updateLot': 'buyerEditor',
  'Mutation.removeLot': 'buyerEditor',
  'Mutation.awardLot': 'buyerEditor',
  'Mutation.updateAward': 'buyerEditor',
  'Mutation.withdrawAward': 'buyerEditor',
};

/** Object types, for all their fields: adding a type without a line here fails at start-up. */
export const TYPE_RULES: Record<string, RuleName> = {
  Viewer: 'signedIn',
  User: 'signedIn',
  Membership: 'signedIn',
  PageInfo: 'scopedRow',
  Organisation: 'scopedRow',
  Qpv: 'scopedRow',
  Charter: 'scopedRow',
  CharterTarget: 'scopedRow',
  Operation: 'scopedRow',
  Market: 'scopedRow',
  PlannedHours: 'scopedRow',
  Lot: 'scopedRow',
  Award: 'scopedRow',
  Company: 'scopedRow',
  Beneficiary: 'scopedRow',
  BeneficiaryIdentity: 'scopedRow',
  Exit: 'scopedRow',
  Placement: 'scopedRow',
  ApiKey: 'scopedRow',
  CreatedApiKey: 'scopedRow',
  AuditEvent: 'organisationAdmin',
  MemberPayload: 'scopedRow',
  Invitation: 'scopedRow',
  InvitationPayload: 'scopedRow',
  ImportJob: 'scopedRow',
  ImportCounts: 'scopedRow',
  ImportProblem: 'scopedRow',
  IndicatorReport: 'scopedRow',
  IndicatorScope: 'scopedRow',
  IndicatorPeriod: 'scopedRow',
  IndicatorSet: 'scopedRow',
  SignatoryIndicators: 'scopedRow',
  IndicatorCount: 'scopedRow',
  IndicatorHours: 'scopedRow',
  HoursTotal: 'scopedRow',
  PlannedHoursTotal: 'scopedRow',
  PeopleTotal: 'scopedRow',
  TargetProgress: 'scopedRow',
  MarketIndicator: 'scopedRow',
};

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/** Connection and edge types take the rule of their nodes. */
function typeRule(typeName: string): RuleName | undefined {
  const node = typeName.replace(/(Connection|Edge)$/, '');
  return TYPE_RULES[typeName] ?? (node !== typeName ? TYPE_RULES[node] : undefined);
}

/** The rule name of every field of the schema, as `Type.field`; throws on a field without one. */
export function fieldRules(schema: GraphQLSchema): Record<string, RuleName> {
  const rules: Record<string, RuleName> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.keys(type.getFields())) {
      const coordinate = `${type.name}.${field}`;
      const name = ROOT_TYPES.has(type.name) ? ROOT_FIELD_RULES[coordinate] : typeRule(type.name);
      if (!name) throw new Error(`No access rule for ${coordinate}: add it to src/access/permissions.ts`);
      rules[coordinate] = name;
    }
  }
  return rules;
}

function ruleTree(schema: GraphQLSchema): IRules {
  const tree: Record<string, Record<string, (typeof RULES)[RuleName]>> = {};
  for (const [coordinate, name] of Object.entries(fieldRules(schema))) {
    const [typeName, field] = coordinate.split('.') as [string, string];
    (tree[typeName] ??= {})[field] = RULES[name];
  }
  return tree;
}

/**
 * The schema with every resolver behind its rule; anything unlisted is denied. Fields whose rule is
 * `scopedRow` (always true: their rows were scoped below) keep their own resolvers, unwrapped, so that
 * the permission layer costs nothing per row of a long list; the rules that decide stay wrapped.
 */
export function protectSchema(schema: GraphQLSchema): GraphQLSchema {
  const permissions = shield(ruleTree(schema), {
    fallbackRule: deny,
    fallbackError: forbidden(),
    allowExternalErrors: true,
  });
  const protectedSchema = applyMiddleware(schema, permissions);
  for (const [coordinate, name] of Object.entries(fieldRules(schema))) {
    if (name !== 'scopedRow') continue;
    const [typeName, field] = coordinate.split('.') as [string, string];
    const original = (schema.getType(typeName) as GraphQLObjectType).getFields()[field]!;
    (protectedSchema.getType(typeName) as GraphQLObjectType).getFields()[field]!.resolve = original.resolve;
  }
  return protectedSchema;
}

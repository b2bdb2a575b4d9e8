import { GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { applyMiddleware, deny, rule, shield } from './shield-commonjs.js';
import { OPERATIONS, ROOT_FIELD_OPERATIONS, type Requirement } from './operations.js';
import type { RequestContext, Viewer } from '../context/request-context.js';
import { forbidden } from '../context/errors.js';

/**
 * The GraphQL layer of the access model: every root field asks what operations.ts requires of it,
 * decided once per request (contextual cache); object types take a rule for all their fields. Which
 * rows a field reaches is decided below it, by the ORM's tenant filter and row-level security.
 */
type ShieldRule = ReturnType<ReturnType<typeof rule>>;
const rules = new Map<string, ShieldRule>();

function ruleOf(name: string, requirement: Requirement) {
  if (!rules.has(name)) {
    rules.set(name, rule(name, { cache: 'contextual' })((_parent, _args, { viewer }: RequestContext) => requirement.allows(viewer)));
  }
  return rules.get(name)!;
}

/** Fields of rows that only the scoped ORM and row-level security can have produced. */
const SCOPED_ROW = 'scopedRow';
const scopedRow = rule(SCOPED_ROW, { cache: 'contextual' })(() => true);

type TypeRule = typeof SCOPED_ROW | 'Query.viewer' | 'Query.auditEvents' | 'Query.identityReads';

/** Object types, for all their fields: adding a type without a line here fails at start-up. */
const TYPE_RULES: Record<string, TypeRule> = {
  Viewer: 'Query.viewer',
  User: 'Query.viewer',
  Membership: 'Query.viewer',
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
  PlacementMonth: 'scopedRow',
  ApiKey: 'scopedRow',
  CreatedApiKey: 'scopedRow',
  AuditEvent: 'Query.auditEvents',
  IdentityRead: 'Query.identityReads',
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
  CountTotal: 'scopedRow',
  TargetProgress: 'scopedRow',
  MarketIndicator: 'scopedRow',
};

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/** Connection and edge types take the rule of their nodes. */
function typeRule(typeName: string): TypeRule | undefined {
  const node = typeName.replace(/(Connection|Edge)$/, '');
  return TYPE_RULES[typeName] ?? (node !== typeName ? TYPE_RULES[node] : undefined);
}

/**
 * The rule of every field of the schema, as `Type.field`: the name of its operation (the root field's
 * own, or the one an object type borrows) or `scopedRow`; throws on a field without one.
 */
export function fieldRules(schema: GraphQLSchema): Record<string, string> {
  const rules: Record<string, string> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.keys(type.getFields())) {
      const coordinate = `${type.name}.${field}`;
      const name = ROOT_TYPES.has(type.name) ? (coordinate in ROOT_FIELD_OPERATIONS ? coordinate : undefined) : typeRule(type.name);
      if (!name) throw new Error(`No access rule for ${coordinate}: add it to src/access/operations.ts (root fields) or src/access/permissions.ts (types)`);
      rules[coordinate] = name;
    }
  }
  return rules;
}

/**
 * Whether the rules allow the viewer every field of `coordinates` (`Type.field`), as shield decides them: a scoped
 * row's always, any other by its operation's requirement, which reads the viewer alone. For the queries PostgreSQL
 * answers without running their resolvers (src/graphql/compiled/answers.ts).
 */
export function fieldsAllowed(schema: GraphQLSchema) {
  const names = fieldRules(schema);
  return (coordinates: Iterable<string>, viewer: Viewer | null) => [...coordinates].every((coordinate) => {
    const name = names[coordinate];
    return name === SCOPED_ROW || (name !== undefined && OPERATIONS[name]?.allows(viewer) === true);
  });
}

function ruleTree(schema: GraphQLSchema) {
  const tree: Record<string, Record<string, ShieldRule>> = {};
  for (const [coordinate, name] of Object.entries(fieldRules(schema))) {
    const [typeName, field] = coordinate.split('.') as [string, string];
    (tree[typeName] ??= {})[field] = name === SCOPED_ROW ? scopedRow : ruleOf(name, OPERATIONS[name]!);
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
    if (name !== SCOPED_ROW) continue;
    const [typeName, field] = coordinate.split('.') as [string, string];
    const original = (schema.getType(typeName) as GraphQLObjectType).getFields()[field]!;
    (protectedSchema.getType(typeName) as GraphQLObjectType).getFields()[field]!.resolve = original.resolve;
  }
  return protectedSchema;
}

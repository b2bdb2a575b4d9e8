import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import path from 'node:path';
import { buildSchema } from 'type-graphql';
import { PROJECT_ROOT } from '../config/paths.js';
import './types/enums.js';
import { nullArgumentsAsAbsent } from './null-arguments.js';
import { exposeGlobalIds, resolveNodeTypesAtOnce } from './relay/node.js';
import { ApiKeyResolver } from './resolvers/api-keys.js';
import { ImportJobResolver } from './resolvers/import-jobs.js';
import { IndicatorResolver } from './resolvers/indicators.js';
import { AuditResolver } from './resolvers/audit.js';
import { IdentityReadResolver } from './resolvers/identity-reads.js';
import { BeneficiaryResolver, PlacementResolver } from './resolvers/beneficiary.js';
import { CompanyWriteResolver } from './resolvers/company-writes.js';
import { FollowUpWriteResolver } from './resolvers/follow-up-writes.js';
import { MarketWriteResolver } from './resolvers/market-writes.js';
import { LotWriteResolver } from './resolvers/lot-writes.js';
import { InvitationResolver, MemberResolver, ViewerInvitationResolver } from './resolvers/members.js';
import { PlacementWriteResolver } from './resolvers/placement-writes.js';
import { CharterResolver, OperationResolver } from './resolvers/charter.js';
import { AwardResolver, CompanyResolver, LotResolver, MarketResolver } from './resolvers/market.js';
import { NodeResolver } from './resolvers/node.js';
import { MembershipResolver, OrganisationResolver, ViewerResolver } from './resolvers/organisation.js';

/** The committed contract: `npm run schema` writes it, a test fails when it drifts from the code. */
export const SCHEMA_FILE = path.join(PROJECT_ROOT, 'schema', 'schema.graphql');

export async function buildApiSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      ViewerResolver, NodeResolver, OrganisationResolver, MembershipResolver, CharterResolver, OperationResolver,
      MarketResolver, LotResolver, AwardResolver, CompanyResolver, BeneficiaryResolver, PlacementResolver,
      MemberResolver, InvitationResolver, ViewerInvitationResolver, ApiKeyResolver, AuditResolver, IdentityReadResolver, MarketWriteResolver, FollowUpWriteResolver, PlacementWriteResolver,
      CompanyWriteResolver, LotWriteResolver, ImportJobResolver, IndicatorResolver,
    ],
    validate: false,
  });
  return nullArgumentsAsAbsent(resolveNodeTypesAtOnce(exposeGlobalIds(schema)));
}

/** The SDL committed in schema/schema.graphql: sorted, so that a diff shows only real changes. */
export function printApiSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import {
  ApiKey, AuditEvent, Award, IdentityRead, ImportJob, Beneficiary, Charter, Company, Exit, Lot, Market, Membership, Operation, Organisation, Placement, Qpv, User,
} from '../../db/entities/index.js';
import type { RequestContext } from '../../context/request-context.js';
import { badInput, notFound } from '../../context/errors.js';
import type { Loaders } from '../../context/loaders.js';
import { parseGlobalId } from '../relay/global-id.js';
import { Node, registerNodeEntity } from '../relay/node.js';

type NodeLoader = (loaders: Loaders) => { load(id: string): Promise<object | null> };

/** Every node type: the entity behind it and the loader `node(id:)` fetches it with. */
const NODE_TYPES: Record<string, { entity: Function; loader: NodeLoader }> = {
  Organisation: { entity: Organisation, loader: (l) => l.organisation },
  User: { entity: User, loader: (l) => l.user },
  Membership: { entity: Membership, loader: (l) => l.membership },
  Qpv: { entity: Qpv, loader: (l) => l.qpv },
  Charter: { entity: Charter, loader: (l) => l.charter },
  Operation: { entity: Operation, loader: (l) => l.operation },
  Market: { entity: Market, loader: (l) => l.market },
  Lot: { entity: Lot, loader: (l) => l.lot },
  Award: { entity: Award, loader: (l) => l.award },
  Company: { entity: Company, loader: (l) => l.company },
  Beneficiary: { entity: Beneficiary, loader: (l) => l.beneficiary },
  Placement: { entity: Placement, loader: (l) => l.placement },
  Exit: { entity: Exit, loader: (l) => l.exit },
  ApiKey: { entity: ApiKey, loader: (l) => l.apiKey },
  AuditEvent: { entity: AuditEvent, loader: (l) => l.auditEvent },
  ImportJob: { entity: ImportJob, loader: (l) => l.importJob },
  IdentityRead: { entity: IdentityRead, loader: (l) => l.identityRead },
};
for (const [typeName, { entity }] of Object.entries(NODE_TYPES)) registerNodeEntity(entity, typeName);

@Resolver()
export class NodeResolver {
  @Query(() => Node, { description: 'Any object by its global id.' })
  async node(@Arg('id', () => ID) id: string, @Ctx() { loaders }: RequestContext): Promise<object> {
    const parsed = parseGlobalId(id);
    if (!parsed || !NODE_TYPES[parsed.typeName]) throw badInput(`Identifiant invalide : « ${id} »`, { argument: 'id' });
    const node = await NODE_TYPES[parsed.typeName]?.loader(loaders)?.load(parsed.id);
    if (!node) throw notFound('Objet');
    return node;
  }
}

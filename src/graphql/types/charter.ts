import { Field, Float, Int, ObjectType } from 'type-graphql';
import { CharterTargetKind, Programme } from '../../db/entities/index.js';
import { Node } from '../relay/node.js';
import { OrganisationNode } from './organisation.js';
import { LocalDate } from './scalars.js';

@ObjectType('Qpv', { implements: Node, description: 'Quartier prioritaire de la politique de la ville.' })
export class QpvNode extends Node {
  @Field()
  name!: string;

  @Field()
  commune!: string;

  @Field(() => String, { nullable: true })
  code!: string | null;
}

@ObjectType('CharterTarget')
export class CharterTargetNode {
  @Field(() => CharterTargetKind)
  kind!: CharterTargetKind;

  @Field(() => Float, { description: 'Share between 0 and 1.' })
  value!: number;

  @Field(() => Int, { nullable: true, description: 'Age under which a beneficiary counts as young, for that target.' })
  ageThreshold!: number | null;
}

@ObjectType('Charter', { implements: Node, description: "Charte locale d'insertion." })
export class CharterNode extends Node {
  @Field()
  name!: string;

  @Field(() => LocalDate)
  startDate!: string;

  @Field(() => LocalDate)
  endDate!: string;

  @Field(() => OrganisationNode)
  coordinator!: OrganisationNode;

  @Field(() => [OrganisationNode])
  signatories!: OrganisationNode[];

  @Field(() => [QpvNode])
  qpvs!: QpvNode[];

  @Field(() => [CharterTargetNode])
  targets!: CharterTargetNode[];
}

@ObjectType('Operation', { implements: Node, description: 'Programme or operation grouping markets.' })
export class OperationNode extends Node {
  @Field()
  name!: string;

  @Field(() => Programme)
  programme!: Programme;

  @Field()
  territory!: string;

  @Field(() => OrganisationNode)
  owner!: OrganisationNode;

  @Field(() => CharterNode, { nullable: true })
  charter!: CharterNode | null;
}

import { Field, Float, Int, ObjectType } from 'type-graphql';
import { ImportStatus } from '../../db/entities/index.js';
import { Node } from '../relay/node.js';

@ObjectType('ImportCounts', { description: 'Lines read, accepted and refused, and the rows written by kind.' })
export class ImportCountsNode {
  @Field(() => Int) rows!: number;
  @Field(() => Int) accepted!: number;
  @Field(() => Int) refused!: number;
  @Field(() => Int) beneficiariesCreated!: number;
  @Field(() => Int) beneficiariesUpdated!: number;
  @Field(() => Int) placementsCreated!: number;
  @Field(() => Int) placementsUpdated!: number;
  @Field(() => Int) hoursCreated!: number;
  @Field(() => Int) hoursUpdated!: number;
  @Field(() => Int, { description: 'Hours lines equal to what was already reported.' }) hoursUnchanged!: number;
}

@ObjectType('ImportProblem', { description: 'A problem of the file, where to find it, and what to do, in French.' })
export class ImportProblemNode {
  @Field() sheet!: string;
  @Field(() => Int, { description: 'Line in the sheet (the header is line 1); 0 for the sheet as a whole.' }) row!: number;
  @Field(() => String, { nullable: true, description: 'The column, by its header.' }) column!: string | null;
  @Field({ description: 'Stable code, e.g. INVALID_DATE, UNKNOWN_MARKET, ABOVE_LEGAL_MAXIMUM.' }) code!: string;
  @Field() message!: string;
  @Field(() => String, { nullable: true, description: 'The existing row the line would duplicate.' }) existingId?: string;
}

@ObjectType('ImportJob', { implements: Node, description: 'A spreadsheet import sent to POST /imports: its progress, then its result.' })
export class ImportJobNode extends Node {
  @Field() fileName!: string;
  @Field({ description: 'SHA-256 of the file, hex.' }) fileHash!: string;
  @Field(() => Float) fileBytes!: number;
  @Field() dryRun!: boolean;
  @Field() allOrNothing!: boolean;
  @Field(() => ImportStatus) status!: ImportStatus;
  @Field({ description: 'Whether the accepted rows were committed; never for a dry run.' }) written!: boolean;
  @Field(() => Float, { description: 'Share of the file read, 0 to 1.' }) progress!: number;
  @Field(() => ImportCountsNode, { nullable: true, description: 'Once completed.' }) counts!: ImportCountsNode | null;
  @Field(() => Int) problemCount!: number;
  @Field(() => [ImportProblemNode], { description: 'The first problems (1,000 at most; problemCount says how many in all).' }) problems!: ImportProblemNode[];
  @Field(() => String, { nullable: true, description: 'Why the import stopped, when it failed.' }) error!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
}

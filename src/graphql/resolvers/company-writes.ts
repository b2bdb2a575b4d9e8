import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { CompanyKind, HeadcountBand } from '../../db/entities/index.js';
import { registerCompany, updateCompany } from '../../companies/companies.js';
import type { RequestContext } from '../../context/request-context.js';
import { rowRef } from '../relay/global-id.js';
import { CompanyNode } from '../types/market.js';

/** What the register says of a company; on update, an absent field is left as it is. */
@InputType()
class CompanyFields {
  @Field(() => String, { nullable: true, description: '14 digits; spaces and dots are ignored.' }) siret?: string;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true, description: 'NAF (APE) code, e.g. 43.99C.' }) nafCode?: string;
  @Field(() => HeadcountBand, { nullable: true }) headcountBand?: HeadcountBand;
  @Field(() => CompanyKind, { nullable: true }) kind?: CompanyKind;
}

@InputType()
class UpdateCompanyInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version read; a stale one answers CONFLICT.' }) version!: number;
  @Field(() => CompanyFields) fields!: CompanyFields;
}

/** Companies are shared reference data (docs/permissions.md): any editor registers and corrects them, every write audited. */
@Resolver()
export class CompanyWriteResolver {
  @Mutation(() => CompanyNode, { description: 'Registers a company (awardee or employer) by its SIRET; an already registered SIRET is pointed to.' })
  registerCompany(@Arg('fields') fields: CompanyFields, @Ctx() ctx: RequestContext) {
    return registerCompany(ctx, fields);
  }

  @Mutation(() => CompanyNode)
  updateCompany(@Arg('input') { id, version, fields }: UpdateCompanyInput, @Ctx() ctx: RequestContext) {
    return updateCompany(ctx, rowRef(id), version, fields);
  }
}

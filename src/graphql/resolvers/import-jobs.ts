import { Args, Ctx, FieldResolver, Float, Query, Resolver, Root } from 'type-graphql';
import { ImportJob } from '../../db/entities/index.js';
import type { RequestContext } from '../../context/request-context.js';
import { connectionComplexity, connectionType, PageArgs, paginate } from '../relay/connection.js';
import { ImportJobNode } from '../types/import-job.js';

const ImportJobConnection = connectionType(ImportJobNode, 'ImportJob');

@Resolver(() => ImportJobNode)
export class ImportJobResolver {
  @Query(() => ImportJobConnection, { complexity: connectionComplexity, description: "The acting organisation's imports, newest first." })
  importJobs(@Args() page: PageArgs, @Ctx() { em, viewer }: RequestContext) {
    return paginate(em, ImportJob, { organisation: viewer.acting!.organisationId }, { createdAt: 'desc' }, page);
  }

  @FieldResolver(() => Float)
  progress(@Root() job: ImportJob): number {
    return job.fileBytes > 0 ? Math.min(1, Number(job.bytesRead) / Number(job.fileBytes)) : 1;
  }
}

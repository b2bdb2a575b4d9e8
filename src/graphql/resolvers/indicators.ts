import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { Arg, Ctx, Float, Info, Query, Resolver } from 'type-graphql';
import { ETP_BASE_LEGAL } from '../../domain/etp.js';
import { periodOf, type PeriodSpec } from '../../indicators/period.js';
import type { IndicatorScope } from '../../indicators/queries/scope.js';
import { indicatorReport } from '../../indicators/report.js';
import { Validation } from '../../reporting/validation.js';
import type { RequestContext } from '../../context/request-context.js';
import { parseGlobalId } from '../relay/global-id.js';
import { IndicatorReportNode, IndicatorScopeInput, IndicatorScopeKind, PeriodInput } from '../types/indicators.js';

const SCOPE_TYPES: Record<Exclude<IndicatorScopeKind, IndicatorScopeKind.EVERYTHING>, string> = {
  CHARTER: 'Charter', ORGANISATION: 'Organisation', OPERATION: 'Operation', MARKET: 'Market',
};

/** The scope asked, by its global id; a problem when the id is missing or of another type. */
function scopeOf(input: IndicatorScopeInput): IndicatorScope {
  if (input.kind === IndicatorScopeKind.EVERYTHING) return { kind: 'EVERYTHING' };
  const parsed = input.id ? parseGlobalId(input.id) : null;
  new Validation().check(parsed?.typeName === SCOPE_TYPES[input.kind], 'scope.id', 'INVALID_SCOPE', `Indiquez l'identifiant d'un objet « ${SCOPE_TYPES[input.kind]} »`).conclude();
  return { kind: input.kind, id: parsed!.id };
}

/** Exactly one way of naming the period. */
function periodSpecOf(input: PeriodInput): PeriodSpec {
  const given = [input.semester !== undefined && input.semester !== null, input.year != null, input.from != null || input.to != null].filter(Boolean).length;
  new Validation()
    .check(given === 1, 'period', 'INVALID_PERIOD', 'Indiquez un semestre, une année, ou deux dates (from et to)')
    .check(input.from == null || input.to != null, 'period.to', 'REQUIRED', 'Indiquez la date de fin (to)')
    .check(input.to == null || input.from != null, 'period.from', 'REQUIRED', 'Indiquez la date de début (from)')
    .conclude();
  if (input.semester != null) return { semester: input.semester };
  if (input.year != null) return { year: input.year };
  return { from: input.from!, to: input.to! };
}

/** The names of every field the query asks for in the result, at any depth, directly or through fragments. */
function selectedFields(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? info.fragments[selection.name.value] : selection;
      visit(fragment?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return names;
}

@Resolver()
export class IndicatorResolver {
  @Query(() => IndicatorReportNode, { description: 'Indicators of a scope and period (docs/indicators.md): the whole scope, your share, and each signatory’s for a charter’s coordinator and the Département.' })
  async indicators(
    @Arg('scope') scope: IndicatorScopeInput,
    @Arg('period') period: PeriodInput,
    @Arg('etpBase', () => Float, { defaultValue: ETP_BASE_LEGAL, description: 'Hours of one full-time equivalent.' }) etpBase: number,
    @Ctx() { em, viewer }: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const fields = selectedFields(info);
    // Only the figures asked for are counted: a dashboard's months ask for the hours alone.
    const request = { scope: scopeOf(scope), period: periodOf(periodSpecOf(period)), etpBase, bySignatory: fields.has('bySignatory'),
      marketList: fields.has('markets'), figures: fields };
    const report = await indicatorReport(em, viewer, request);
    return { ...report, scope: { ...report.scope, id: scope.id } };
  }
}

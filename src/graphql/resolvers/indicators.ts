import { Kind, type FieldNode, type GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Float, Info, Query, Resolver, Root } from 'type-graphql';
import { ETP_BASE_LEGAL } from '../../domain/etp.js';
import { periodOf, type PeriodSpec } from '../../indicators/period.js';
import type { IndicatorScope } from '../../indicators/queries/scope.js';
import { indicatorReport } from '../../indicators/report.js';
import { Validation } from '../../reporting/validation.js';
import type { RequestContext } from '../../context/request-context.js';
import { parseGlobalId } from '../relay/global-id.js';
import { allFieldsAsked } from '../selection.js';
import { IndicatorReportNode, IndicatorScopeInput, IndicatorScopeKind, PeriodInput, SignatoryViewNode } from '../types/indicators.js';

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

const DEPARTEMENT_CODE = /^(?:\d{2,3}|2[AB])$/;

function checkedDepartementCode(code: string | null | undefined): string | undefined {
  new Validation().check(code == null || DEPARTEMENT_CODE.test(code), 'departementCode', 'INVALID_DEPARTEMENT_CODE',
    'Indiquez le code d’un département, par exemple « 62 », « 974 » ou « 2A »').conclude();
  return code ?? undefined;
}

/**
 * The départements whose signatories the request's `bySignatory` fields ask for: all (undefined) when one
 * of them names none. Computed once for every alias, each of which then keeps its own (bySignatory below).
 */
function signatoriesAskedIn(nodes: readonly FieldNode[], info: GraphQLResolveInfo): Set<string> | undefined {
  const codes = new Set<string>();
  for (const node of nodes.filter((each) => each.name.value === 'bySignatory')) {
    const argument = node.arguments?.find((each) => each.name.value === 'departementCode')?.value;
    const code = argument?.kind === Kind.VARIABLE ? info.variableValues[argument.name.value] : argument?.kind === Kind.STRING ? argument.value : undefined;
    const checked = checkedDepartementCode(code as string | null | undefined);
    if (checked === undefined) return undefined;
    codes.add(checked);
  }
  return codes;
}

@Resolver(() => IndicatorReportNode)
export class IndicatorResolver {
  @Query(() => IndicatorReportNode, { description: 'Indicators of a scope and period (docs/indicators.md): the whole scope, your share, and each signatory’s for a charter’s coordinator and the Département.' })
  async indicators(
    @Arg('scope') scope: IndicatorScopeInput,
    @Arg('period') period: PeriodInput,
    @Arg('etpBase', () => Float, { defaultValue: ETP_BASE_LEGAL, description: 'Hours of one full-time equivalent.' }) etpBase: number,
    @Ctx() { em, viewer }: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const nodes = allFieldsAsked(info);
    const fields = new Set(nodes.map((node) => node.name.value));
    // Only the figures asked for are counted: a dashboard's months ask for the hours alone.
    const request = { scope: scopeOf(scope), period: periodOf(periodSpecOf(period)), etpBase, bySignatory: fields.has('bySignatory'),
      signatoriesIn: signatoriesAskedIn(nodes, info), marketList: fields.has('markets'), figures: fields };
    const report = await indicatorReport(em, viewer, request);
    return { ...report, scope: { ...report.scope, id: scope.id } };
  }

  @FieldResolver(() => [SignatoryViewNode], {
    nullable: true,
    description: "Each signatory's share: of a charter for its coordinator and the Département; every PLIE's over the whole platform for the Département.",
  })
  bySignatory(
    @Root() report: IndicatorReportNode,
    @Arg('departementCode', () => String, { nullable: true, description: 'Only the signatories of this département, e.g. "62": the whole platform has hundreds of PLIEs.' }) departementCode?: string | null,
  ): SignatoryViewNode[] | null {
    const code = checkedDepartementCode(departementCode);
    return code === undefined ? report.bySignatory : report.bySignatory?.filter((share) => share.departementCode === code) ?? null;
  }
}

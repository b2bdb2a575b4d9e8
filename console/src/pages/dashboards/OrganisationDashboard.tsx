import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useMemo, useState } from 'react';
import { useQuery } from '../../api/use-query';
import { Chart } from '../../components/charts/BarChart';
import { figure, FigureTable } from '../../components/charts/FigureTable';
import { Gauges } from '../../components/charts/Gauges';
import { graphql } from '../../gql';
import { Link } from 'wouter';
import { lastYear, YearRow } from '../../components/charts/YearSelect';
import { usePageTitle } from '../../layout/page-title';
import { useViewer } from '../../session/viewer';
import { databaseId, globalId } from '../../api/global-id';
import { realisationProgress, realisationRate } from './figures';
import { MonthlyHours } from './MonthlyHours';
import { PeoplePlaced } from './PeoplePlaced';

const OrganisationDashboardQuery = graphql(`
  query OrganisationDashboard($organisation: ID!, $year: Int!, $markets: MarketFilter!) {
    indicators(scope: { kind: ORGANISATION, id: $organisation }, period: { year: $year }) {
      total {
        planned { hours }
        realised { hours }
        markets { marketId plannedHours realisedInPeriod progress }
        people { value }
        ...PeoplePlaced
      }
    }
    markets(first: 1000, filter: $markets) { nodes { id reference object } }
  }
`);

/** A buyer's own dashboard. */
export function BuyerDashboard() {
  const viewer = useViewer();
  return <OrganisationDashboard organisationId={viewer.actingOrganisation.id} kind={viewer.actingOrganisation.kind} title="Tableau de bord de vos marchés" />;
}

const OrganisationOfDrillDown = graphql(`
  query OrganisationOfDrillDown($id: ID!) {
    node(id: $id) { ... on Organisation { id name kind } }
  }
`);

/** The Département's drill-down from the platform to one organisation (a PLIE, a buyer). */
export function OrganisationDrillDown({ params }: { params: Record<string, string | undefined> }) {
  const { data, error } = useQuery(OrganisationOfDrillDown, { id: params.id ?? '' });
  const organisation = data?.node && 'kind' in data.node ? (data.node as { id: string; name: string; kind: string }) : null;
  return (
    <>
      <p className="fr-mb-1w"><Link href="/tableau-de-bord">← Toute la plateforme</Link></p>
      {(error || (data && !organisation)) && <Alert severity="error" title="Organisation introuvable" description={error?.message ?? 'Aucune organisation ne correspond à cette adresse.'} />}
      {organisation && <OrganisationDashboard organisationId={organisation.id} kind={organisation.kind} title={organisation.name} />}
    </>
  );
}

/** The markets an organisation's indicators count: those it facilitates (a PLIE) or buys (the others). */
const marketsOf = (organisationId: string, kind: string) => (kind === 'PLIE' ? { facilitatorId: organisationId } : { buyerId: organisationId });

/**
 * An organisation's share over a year: the hours of the markets it buys or facilitates, planned and realised, and
 * who was placed on them (as protected as the API gives it to the viewer).
 */
function OrganisationDashboard({ organisationId, kind, title }: { organisationId: string; kind: string; title: string }) {
  usePageTitle(title);
  const [year, setYear] = useState(lastYear() - 1);
  const { data, error } = useQuery(OrganisationDashboardQuery, { organisation: organisationId, year, markets: marketsOf(organisationId, kind) });
  const markets = useMemo(() => {
    const names = new Map((data?.markets.nodes ?? []).map((market) => [databaseId(market.id), market]));
    return (data?.indicators.total.markets ?? []).map((indicator) => ({ ...indicator, market: names.get(indicator.marketId) }));
  }, [data]);
  const hours = useMemo(() => [
    { name: 'Heures prévues', values: markets.map((market) => market.plannedHours ?? null) },
    { name: 'Heures réalisées', values: markets.map((market) => market.realisedInPeriod) },
  ], [markets]);
  const total = data?.indicators.total;
  return (
    <>
      <h1>{title}</h1>
      <YearRow year={year} onChange={setYear} />
      {error && <Alert severity="error" title="Indicateurs indisponibles" description={error.message} />}
      {total && (
        <>
          <p>
            En {year} : <strong>{figure(total.realised.hours, 'hours')} heures réalisées</strong> sur {figure(total.planned.hours, 'hours')} prévues
            ({figure(realisationRate(total.planned.hours, total.realised.hours), 'rate', 'inconnu')}), par {figure(total.people.value)} participants.
          </p>
          <Gauges title={`Avancement en ${year}`} items={[realisationProgress('Heures réalisées sur prévues', total.planned.hours, total.realised.hours)]} />
          <h2>Les marchés</h2>
          {markets.length === 0 ? <p>Aucun marché ne courait en {year}.</p> : (
            <>
              <Chart categories={markets.map((market) => market.market?.reference ?? market.marketId)} series={hours} unit="h" />
              <FigureTable
                caption={`Heures des marchés, ${year}`}
                headers={['Marché', 'Objet', 'Heures prévues', `Heures réalisées en ${year}`, 'Avancement']}
                rows={markets.map((market) => [<Link href={`/marches/${globalId('Market', market.marketId)}`}>{market.market?.reference ?? market.marketId}</Link>, market.market?.object ?? '', figure(market.plannedHours, 'hours'), figure(market.realisedInPeriod, 'hours'), figure(market.progress, 'rate')])}
              />
            </>
          )}
          <MonthlyHours scope={{ kind: 'ORGANISATION', id: organisationId }} year={year} />
          <h2>Les personnes placées sur ces marchés</h2>
          <PeoplePlaced set={total} year={year} />
        </>
      )}
    </>
  );
}

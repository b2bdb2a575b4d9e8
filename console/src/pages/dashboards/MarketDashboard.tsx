/** One market: what its buyer declared, its hours against the planned ones, month by month, and who worked on it. */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useState } from 'react';
import { Link } from 'wouter';
import { useQuery } from '../../api/use-query';
import { figure } from '../../components/charts/FigureTable';
import { Gauges } from '../../components/charts/Gauges';
import { frenchDate } from '../../components/people/labels';
import { lastYear, YearRow } from '../../components/charts/YearSelect';
import { graphql } from '../../gql';
import type { MarketNature, MarketStatus, PlannedHoursBasis } from '../../gql/graphql';
import { usePageTitle } from '../../layout/page-title';
import { useViewer } from '../../session/viewer';
import { realisationProgress } from './figures';
import { MonthlyHours } from './MonthlyHours';
import { PeoplePlaced } from './PeoplePlaced';

const MarketOfDashboard = graphql(`
  query MarketOfDashboard($id: ID!) {
    node(id: $id) {
      ... on Market {
        id reference object nature status startDate endDate
        buyer { name }
        facilitator { name }
        plannedHours { hours basis }
      }
    }
  }
`);

/** Every hour reported on the market to this day, from the indicators' facts (a few ms whatever the platform's size). */
const MarketToDateQuery = graphql(`
  query MarketToDate($market: ID!, $to: LocalDate!) {
    indicators(scope: { kind: MARKET, id: $market }, period: { from: "2000-01-01", to: $to }) { total { realised { hours } } }
  }
`);

const MarketYearQuery = graphql(`
  query MarketYear($market: ID!, $year: Int!) {
    indicators(scope: { kind: MARKET, id: $market }, period: { year: $year }) {
      total { realised { hours } people { value } contracts { value } ...PeoplePlaced }
    }
  }
`);

const NATURES: Record<MarketNature, string> = { WORKS: 'Travaux', SERVICES: 'Services', GUP: 'Gestion urbaine de proximité', ENGINEERING: 'Ingénierie' };
const STATUSES: Record<MarketStatus, string> = { DRAFT: 'En préparation', ACTIVE: 'En cours', CLOSED: 'Terminé', ARCHIVED: 'Archivé' };
const BASES: Record<PlannedHoursBasis, string> = {
  STATED: 'déclarées par l’acheteur',
  COMPUTED: 'calculées (montant HT × part de main d’œuvre × taux d’insertion ÷ coût horaire)',
  UNKNOWN: 'inconnues : ni déclarées ni calculables',
};

/** The drill-down to a market, for its buyer and the Département (the API answers nothing to others). */
export function MarketDashboard({ params }: { params: Record<string, string | undefined> }) {
  const viewer = useViewer();
  const { data, error } = useQuery(MarketOfDashboard, { id: params.id ?? '' });
  const market = data?.node && 'reference' in data.node ? data.node : null;
  usePageTitle(market ? `Marché ${market.reference}` : 'Marché');
  const back = viewer.actingOrganisation.kind === 'DEPARTEMENT' ? { href: '/tableau-de-bord', label: 'Toute la plateforme' } : { href: '/marches', label: 'Vos marchés' };
  return (
    <>
      <p className="fr-mb-1w"><Link href={back.href}>← {back.label}</Link></p>
      {(error || (data && !market)) && <Alert severity="error" title="Marché introuvable" description={error?.message ?? 'Aucun marché que vous puissiez voir ne correspond à cette adresse.'} />}
      {market && (
        <>
          <h1>Marché {market.reference}</h1>
          <p className="fr-text--lead">{market.object}</p>
          <dl className="fr-mb-3w">
            <dt>Acheteur</dt><dd>{market.buyer.name}</dd>
            <dt>Suivi par</dt><dd>{market.facilitator?.name ?? 'aucun PLIE'}</dd>
            <dt>Nature, état</dt><dd>{NATURES[market.nature]}, {STATUSES[market.status].toLowerCase()}</dd>
            <dt>Exécution</dt><dd>du {frenchDate(market.startDate)} au {frenchDate(market.endDate)}</dd>
            <dt>Heures prévues</dt><dd>{figure(market.plannedHours.hours, 'hours')} h, {BASES[market.plannedHours.basis]}</dd>
          </dl>
          <MarketToDate marketId={market.id} planned={market.plannedHours.hours ?? null} />
          <MarketYear marketId={market.id} />
        </>
      )}
    </>
  );
}

function MarketToDate({ marketId, planned }: { marketId: string; planned: number | null }) {
  const { data, error } = useQuery(MarketToDateQuery, { market: marketId, to: new Date().toISOString().slice(0, 10) });
  const realised = data?.indicators.total.realised.hours;
  return (
    <>
      <h2>Depuis le début du marché</h2>
      {error && <Alert severity="error" title="Avancement indisponible" description={error.message} />}
      {realised !== undefined && (
        <Gauges title="Avancement du marché" items={[realisationProgress('Heures réalisées sur prévues', planned, realised)]} />
      )}
    </>
  );
}

function MarketYear({ marketId }: { marketId: string }) {
  const [year, setYear] = useState(lastYear() - 1);
  const { data, error } = useQuery(MarketYearQuery, { market: marketId, year });
  const total = data?.indicators.total;
  return (
    <>
      <h2>Année par année</h2>
      <YearRow year={year} onChange={setYear} />
      {error && <Alert severity="error" title="Indicateurs indisponibles" description={error.message} />}
      {total && (
        <>
          <p>En {year} : <strong>{figure(total.realised.hours, 'hours')} heures réalisées</strong>, {figure(total.people.value)} participants, {figure(total.contracts.value)} contrats.</p>
          <MonthlyHours scope={{ kind: 'MARKET', id: marketId }} year={year} />
          <h2>Les personnes placées sur ce marché</h2>
          <PeoplePlaced set={total} year={year} />
        </>
      )}
    </>
  );
}

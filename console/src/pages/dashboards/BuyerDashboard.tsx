import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useMemo, useState } from 'react';
import { useQuery } from '../../api/use-query';
import { Chart } from '../../components/charts/BarChart';
import { figure, FigureTable, SUPPRESSION_NOTE } from '../../components/charts/FigureTable';
import { graphql } from '../../gql';
import { usePageTitle } from '../../layout/page-title';
import { useViewer } from '../../session/viewer';
import { databaseId } from '../../api/global-id';
import { realisationRate } from './figures';

const BuyerDashboardQuery = graphql(`
  query BuyerDashboard($organisation: ID!, $year: Int!) {
    indicators(scope: { kind: ORGANISATION, id: $organisation }, period: { year: $year }) {
      total {
        planned { hours }
        realised { hours }
        markets { marketId plannedHours realisedInPeriod progress }
        people { value }
        peopleBySex { key label value }
        peopleByAgeBand { key label value }
        peopleByQpv { key label value }
        disclosureNote
      }
    }
    markets(first: 1000) { nodes { id reference object } }
  }
`);

const FIRST_YEAR = 2022;
const lastYear = () => new Date().getFullYear();

/** A buyer: its markets' planned and realised hours over a year, and who was placed on them (as protected as the API gives it). */
export function BuyerDashboard() {
  usePageTitle('Tableau de bord de vos marchés');
  const viewer = useViewer();
  const [year, setYear] = useState(lastYear() - 1);
  const { data, error } = useQuery(BuyerDashboardQuery, { organisation: viewer.actingOrganisation.id, year });
  const markets = useMemo(() => {
    const names = new Map((data?.markets.nodes ?? []).map((market) => [databaseId(market.id), market]));
    return (data?.indicators.total.markets ?? []).map((indicator) => ({ ...indicator, market: names.get(indicator.marketId) }));
  }, [data]);
  const hours = useMemo(() => [
    { name: 'Heures prévues', values: markets.map((market) => market.plannedHours ?? null) },
    { name: 'Heures réalisées', values: markets.map((market) => market.realisedInPeriod) },
  ], [markets]);
  const total = data?.indicators.total;
  const typology = total ? [['Sexe', total.peopleBySex], ['Âge', total.peopleByAgeBand], ['Quartier prioritaire', total.peopleByQpv]] as const : [];
  return (
    <>
      <h1>Tableau de bord de vos marchés</h1>
      <div className="fr-grid-row fr-mb-3w">
        <div className="fr-col-12 fr-col-md-3">
          <Select label="Année" nativeSelectProps={{ value: year, onChange: (event) => setYear(Number(event.target.value)) }}>
            {Array.from({ length: lastYear() - FIRST_YEAR + 1 }, (_, index) => lastYear() - index).map((option) => <option key={option} value={option}>{option}</option>)}
          </Select>
        </div>
      </div>
      {error && <Alert severity="error" title="Indicateurs indisponibles" description={error.message} />}
      {total && (
        <>
          <p>
            En {year} : <strong>{figure(total.realised.hours, 'hours')} heures réalisées</strong> sur {figure(total.planned.hours, 'hours')} prévues
            ({figure(realisationRate(total.planned.hours, total.realised.hours), 'rate')}), par {figure(total.people.value)} participants.
          </p>
          <h2>Vos marchés</h2>
          {markets.length === 0 ? <p>Aucun de vos marchés ne courait en {year}.</p> : (
            <>
              <Chart categories={markets.map((market) => market.market?.reference ?? market.marketId)} series={hours} unit="h" />
              <FigureTable
                caption={`Heures de vos marchés, ${year}`}
                headers={['Marché', 'Objet', 'Heures prévues', `Heures réalisées en ${year}`, 'Avancement']}
                rows={markets.map((market) => [market.market?.reference ?? market.marketId, market.market?.object ?? '', figure(market.plannedHours, 'hours'), figure(market.realisedInPeriod, 'hours'), figure(market.progress, 'rate')])}
              />
            </>
          )}
          <h2>Les personnes placées sur vos marchés</h2>
          <div className="fr-grid-row fr-grid-row--gutters">
            {typology.map(([title, cells]) => (
              <div key={title} className="fr-col-12 fr-col-md-4">
                <FigureTable caption={`${title}, ${year}`} headers={[title, 'Personnes']} rows={cells.map((cell) => [cell.label, figure(cell.value)])} />
              </div>
            ))}
          </div>
          <p className="fr-text--sm">{SUPPRESSION_NOTE} {total.disclosureNote}</p>
        </>
      )}
    </>
  );
}

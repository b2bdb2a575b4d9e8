import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useMemo, useState } from 'react';
import { send } from '../../api/client';
import { asApiError, useQuery } from '../../api/use-query';
import { Chart } from '../../components/charts/BarChart';
import { figure, FigureTable, SUPPRESSION_NOTE } from '../../components/charts/FigureTable';
import { Gauges } from '../../components/charts/Gauges';
import { graphql } from '../../gql';
import type { DepartementFiguresFragment } from '../../gql/graphql';
import { Link } from 'wouter';
import { globalId } from '../../api/global-id';
import { lastYear, YearSelect } from '../../components/charts/YearSelect';
import { usePageTitle } from '../../layout/page-title';
import { useViewer } from '../../session/viewer';
import { DYNAMIC_EXITS, realisationProgress, realisationRate, saveFile, sumOf, valueOf } from './figures';
import { ChartersProgress } from './ChartersProgress';
import { MonthlyHours } from './MonthlyHours';

graphql(`
  fragment DepartementFigures on IndicatorSet {
    planned { hours }
    realised { hours }
    people { value }
    contracts { value }
    peopleStatuses { key value suppressed }
    youngPeople { key value suppressed }
    exitsByCategory { key value suppressed }
  }
`);

const DepartementDashboardQuery = graphql(`
  query DepartementDashboard($year: Int!, $departementCode: String!) {
    indicators(scope: { kind: EVERYTHING }, period: { year: $year }) {
      total { ...DepartementFigures }
      bySignatory(departementCode: $departementCode) { organisationId name kind indicators { ...DepartementFigures } }
    }
  }
`);

const DepartementsOfPlatformQuery = graphql(`
  query DepartementsOfPlatform {
    organisations(filter: { kinds: [DEPARTEMENT] }, first: 1000) { nodes { id name departementCode } }
  }
`);

/**
 * The départements of the platform, by code, to pick the one whose PLIEs are put side by side: hundreds of
 * PLIEs in one table would be neither readable nor quick. Nothing to pick while the platform has one.
 */
function DepartementSelect({ code, onChange }: { code: string; onChange: (code: string) => void }) {
  const { data } = useQuery(DepartementsOfPlatformQuery, {});
  const departements = useMemo(() => [...data?.organisations.nodes ?? []].sort((a, b) => a.departementCode.localeCompare(b.departementCode)), [data]);
  if (departements.length < 2) return null;
  return (
    <Select className="fr-col-12 fr-col-md-4" label="Les PLIE du département" nativeSelectProps={{ value: code, onChange: (event) => onChange(event.target.value) }}>
      {departements.map((departement) => <option key={departement.id} value={departement.departementCode}>{departement.departementCode} – {departement.name}</option>)}
    </Select>
  );
}

/** One line of the side-by-side table: a figure of each PLIE, then of the whole platform. */
const LINES: { label: string; kind: 'count' | 'hours' | 'rate'; of: (set: DepartementFiguresFragment) => number | null }[] = [
  { label: 'Heures prévues', kind: 'hours', of: (set) => set.planned.hours },
  { label: 'Heures réalisées', kind: 'hours', of: (set) => set.realised.hours },
  { label: 'Taux de réalisation', kind: 'rate', of: (set) => realisationRate(set.planned.hours, set.realised.hours) },
  { label: 'Participants', kind: 'count', of: (set) => set.people.value ?? null },
  { label: 'dont BRSA', kind: 'count', of: (set) => valueOf(set.peopleStatuses, 'BRSA') },
  { label: 'dont moins de 26 ans', kind: 'count', of: (set) => valueOf(set.youngPeople, 'UNDER_26') },
  { label: 'Contrats', kind: 'count', of: (set) => set.contracts.value ?? null },
  { label: 'Sorties dynamiques', kind: 'count', of: (set) => sumOf(set.exitsByCategory, DYNAMIC_EXITS) },
];

/** The Département: the whole platform over a year, the PLIEs side by side, the months, and the yearly summary to download. */
export function DepartementDashboard() {
  usePageTitle('Tableau de bord du Département');
  const [year, setYear] = useState(lastYear() - 1);
  const [departementCode, setDepartementCode] = useState(useViewer().actingOrganisation.departementCode);
  const { data, error } = useQuery(DepartementDashboardQuery, { year, departementCode });
  const [downloadError, setDownloadError] = useState<string>();
  const download = (format: 'xlsx' | 'csv') => send(`/reports/departement.${format}?year=${year}`)
    .then((response) => saveFile(response, `synthese-plie-${year}.${format}`), (failure: unknown) => setDownloadError(asApiError(failure).message));
  const plies = useMemo(() => (data?.indicators.bySignatory ?? []).filter((share) => share.kind === 'PLIE'), [data]);
  const hoursChart = useMemo(() => [
    { name: 'Heures prévues', values: plies.map((plie) => plie.indicators.planned.hours) },
    { name: 'Heures réalisées', values: plies.map((plie) => plie.indicators.realised.hours) },
  ], [plies]);
  const total = data?.indicators.total;
  return (
    <>
      <h1>Tableau de bord du Département</h1>
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mb-3w">
        <div className="fr-col-12 fr-col-md-3">
          <YearSelect year={year} onChange={setYear} />
        </div>
        <div className="fr-col-12 fr-col-md-9">
          <Button className="fr-mr-2w fr-mb-1w" iconId="fr-icon-download-line" priority="secondary" onClick={() => void download('xlsx')}>Synthèse annuelle (XLSX)</Button>
          <Button className="fr-mb-1w" iconId="fr-icon-download-line" priority="secondary" onClick={() => void download('csv')}>Synthèse annuelle (CSV)</Button>
        </div>
      </div>
      {error && <Alert severity="error" title="Indicateurs indisponibles" description={error.message} />}
      {downloadError && <Alert className="fr-mb-3w" severity="error" title="Téléchargement impossible" description={downloadError} />}
      {total && (
        <>
          <h2>Toute la plateforme en {year}</h2>
          <ul className="fr-grid-row fr-grid-row--gutters fr-raw-list fr-mb-3w">
            {LINES.map((line) => (
              <li key={line.label} className="fr-col-6 fr-col-md-3">
                <div className="fr-tile fr-tile--sm">
                  <p className="fr-tile__title fr-h4 fr-mb-0">{figure(line.of(total), line.kind)}</p>
                  <p className="fr-tile__desc">{line.label}</p>
                </div>
              </li>
            ))}
          </ul>
          <h2>Les PLIE côte à côte</h2>
          <DepartementSelect code={departementCode} onChange={setDepartementCode} />
          <Gauges title={`Taux de réalisation, ${year}`} items={[{ name: 'Toute la plateforme', indicators: total }, ...plies].map((share) =>
            realisationProgress(share.name, share.indicators.planned.hours, share.indicators.realised.hours))} />
          <Chart categories={plies.map((plie) => plie.name)} series={hoursChart} unit="h" />
          <FigureTable
            caption={`Les PLIE côte à côte, ${year}`}
            headers={['Indicateur', ...plies.map((plie) => plie.name), 'Toute la plateforme']}
            rows={LINES.map((line) => [line.label, ...plies.map((plie) => figure(line.of(plie.indicators), line.kind)), figure(line.of(total), line.kind)])}
          />
          <p className="fr-text--sm">{SUPPRESSION_NOTE}</p>
          <nav aria-label="Le détail de chaque PLIE">
            <p className="fr-mb-1w">Le détail d’un PLIE : ses marchés et les personnes qui y ont travaillé.</p>
            <ul>
              {plies.map((plie) => <li key={plie.organisationId}><Link href={`/tableau-de-bord/organisations/${globalId('Organisation', plie.organisationId)}`}>{plie.name}</Link></li>)}
            </ul>
          </nav>
          <ChartersProgress year={year} />
          <MonthlyHours scope={{ kind: 'EVERYTHING' }} year={year} />
        </>
      )}
    </>
  );
}

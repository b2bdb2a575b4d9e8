import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useMemo, useState } from 'react';
import { send } from '../../api/client';
import { asApiError, useQuery } from '../../api/use-query';
import { Gauges } from '../../components/charts/Gauges';
import { figure, FigureTable, SUPPRESSION_NOTE } from '../../components/charts/FigureTable';
import { graphql } from '../../gql';
import { usePageTitle } from '../../layout/page-title';
import { CharterTrend } from './CharterTrend';
import { saveFile, semestersSince } from './figures';

const ChartersQuery = graphql(`
  query DashboardCharters {
    charters(first: 200) { nodes { id name startDate coordinator { id name } } }
  }
`);

const CharterIndicatorsQuery = graphql(`
  query CharterDashboard($charter: ID!, $semester: String!) {
    indicators(scope: { kind: CHARTER, id: $charter }, period: { semester: $semester }) {
      total {
        realised { hours }
        people { value }
        targets { kind label target achieved progress suppressed }
        disclosureNote
      }
      share { realised { hours } people { value } }
      bySignatory { organisationId name indicators { realised { hours } people { value } contracts { value } } }
    }
  }
`);

/** A charter's coordinator and signatories (the État among them): the charter against its targets, each signatory's share, the ANRU report. */
export function ChartersDashboard() {
  usePageTitle('Chartes d’insertion');
  const charters = useQuery(ChartersQuery);
  const nodes = charters.data?.charters.nodes ?? [];
  const [chosen, setChosen] = useState(() => new URLSearchParams(window.location.search).get('charte') ?? undefined);
  const charter = nodes.find((node) => node.id === chosen) ?? nodes[0];
  const semesters = useMemo(() => semestersSince(charter ? Number(charter.startDate.slice(0, 4)) : new Date().getFullYear()), [charter]);
  const [semester, setSemester] = useState<string>();
  const period = semester && semesters.includes(semester) ? semester : semesters[1] ?? semesters[0]!;
  return (
    <>
      <h1>Chartes d’insertion</h1>
      {charters.error && <Alert severity="error" title="Chartes indisponibles" description={charters.error.message} />}
      {charters.data && nodes.length === 0 && <p>Votre organisation ne coordonne ni ne signe aucune charte.</p>}
      {charter && (
        <>
          <div className="fr-grid-row fr-grid-row--gutters fr-mb-3w">
            <div className="fr-col-12 fr-col-md-6">
              <Select label="Charte" nativeSelectProps={{ value: charter.id, onChange: (event) => setChosen(event.target.value) }}>
                {nodes.map((node) => <option key={node.id} value={node.id}>{node.name}</option>)}
              </Select>
            </div>
            <div className="fr-col-12 fr-col-md-3">
              <Select label="Semestre" nativeSelectProps={{ value: period, onChange: (event) => setSemester(event.target.value) }}>
                {semesters.map((option) => <option key={option} value={option}>{option.replace('-S', ', semestre ')}</option>)}
              </Select>
            </div>
          </div>
          <CharterFigures key={`${charter.id}:${period}`} charterId={charter.id} name={charter.name} coordinator={charter.coordinator.name} semester={period} semesters={semesters} />
        </>
      )}
    </>
  );
}

function CharterFigures({ charterId, name, coordinator, semester, semesters }: { charterId: string; name: string; coordinator: string; semester: string; semesters: string[] }) {
  const { data, error } = useQuery(CharterIndicatorsQuery, { charter: charterId, semester });
  const [downloadError, setDownloadError] = useState<string>();
  const download = (format: 'xlsx' | 'csv') => send(`/reports/anru.${format}?charter=${encodeURIComponent(charterId)}&semester=${semester}`)
    .then((response) => saveFile(response, `anru-${semester}.${format}`), (failure: unknown) => setDownloadError(asApiError(failure).message));
  const targets = data?.indicators.total.targets ?? [];
  const progress = useMemo(() => targets.map((target) => ({
    label: target.label,
    progress: target.progress ?? null,
    detail: `${figure(target.achieved, 'rate')} atteint pour un objectif de ${figure(target.target, 'rate')}`,
  })), [targets]);
  return (
    <>
      <p>Coordonnée par <strong>{coordinator}</strong>.</p>
      <Button className="fr-mr-2w fr-mb-1w" iconId="fr-icon-download-line" priority="secondary" onClick={() => void download('xlsx')}>Rapport ANRU du semestre (XLSX)</Button>
      <Button className="fr-mb-3w" iconId="fr-icon-download-line" priority="secondary" onClick={() => void download('csv')}>Rapport ANRU du semestre (CSV)</Button>
      {downloadError && <Alert className="fr-mb-3w" severity="error" title="Téléchargement impossible" description={downloadError} />}
      {error && <Alert severity="error" title="Indicateurs indisponibles" description={error.message} />}
      {data && (
        <>
          <h2>La charte face à ses objectifs</h2>
          <Gauges title={`Objectifs de la charte, ${semester}`} items={progress} />
          <FigureTable
            caption={`Objectifs de la charte « ${name} », ${semester}`}
            headers={['Objectif', 'Cible', 'Atteint', 'Avancement']}
            rows={targets.map((target) => [target.label, figure(target.target, 'rate'), figure(target.achieved, 'rate'), figure(target.progress, 'rate')])}
          />
          <h2>Semestre par semestre</h2>
          <CharterTrend charterId={charterId} name={name} semesters={semesters} targets={targets} />
          {data.indicators.bySignatory && (
            <>
              <h2>La part de chaque signataire</h2>
              <FigureTable
                caption={`Part de chaque signataire, ${semester}`}
                headers={['Signataire', 'Heures réalisées', 'Participants', 'Contrats']}
                rows={data.indicators.bySignatory.map((share) => [share.name, figure(share.indicators.realised.hours, 'hours'), figure(share.indicators.people.value), figure(share.indicators.contracts.value)])}
              />
            </>
          )}
          {!data.indicators.bySignatory && data.indicators.share && (
            <p>Votre part : {figure(data.indicators.share.realised.hours, 'hours')} heures réalisées, {figure(data.indicators.share.people.value)} participants.</p>
          )}
          <p className="fr-text--sm">{SUPPRESSION_NOTE} {data.indicators.total.disclosureNote}</p>
        </>
      )}
    </>
  );
}

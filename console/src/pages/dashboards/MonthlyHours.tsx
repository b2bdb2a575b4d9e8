/** Realised hours month by month over a year, for any scope the `indicators` API takes: a line and its table. */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useMemo } from 'react';
import { useQuery } from '../../api/use-query';
import { Chart } from '../../components/charts/BarChart';
import { figure, FigureTable } from '../../components/charts/FigureTable';
import { graphql } from '../../gql';
import type { IndicatorScopeInput } from '../../gql/graphql';
import { monthsOf } from './figures';

const MonthlyHoursQuery = graphql(`
  query MonthlyHours($scope: IndicatorScopeInput!, $m1: PeriodInput!, $m2: PeriodInput!, $m3: PeriodInput!, $m4: PeriodInput!, $m5: PeriodInput!, $m6: PeriodInput!,
                     $m7: PeriodInput!, $m8: PeriodInput!, $m9: PeriodInput!, $m10: PeriodInput!, $m11: PeriodInput!, $m12: PeriodInput!) {
    m1: indicators(scope: $scope, period: $m1) { total { realised { hours } } }
    m2: indicators(scope: $scope, period: $m2) { total { realised { hours } } }
    m3: indicators(scope: $scope, period: $m3) { total { realised { hours } } }
    m4: indicators(scope: $scope, period: $m4) { total { realised { hours } } }
    m5: indicators(scope: $scope, period: $m5) { total { realised { hours } } }
    m6: indicators(scope: $scope, period: $m6) { total { realised { hours } } }
    m7: indicators(scope: $scope, period: $m7) { total { realised { hours } } }
    m8: indicators(scope: $scope, period: $m8) { total { realised { hours } } }
    m9: indicators(scope: $scope, period: $m9) { total { realised { hours } } }
    m10: indicators(scope: $scope, period: $m10) { total { realised { hours } } }
    m11: indicators(scope: $scope, period: $m11) { total { realised { hours } } }
    m12: indicators(scope: $scope, period: $m12) { total { realised { hours } } }
  }
`);

type MonthAnswers = Record<string, { total: { realised: { hours: number } } }>;

export function MonthlyHours({ scope, year }: { scope: IndicatorScopeInput; year: number }) {
  const months = useMemo(() => monthsOf(year), [year]);
  const variables = Object.fromEntries(months.map((month, index) => [`m${index + 1}`, { from: month.from, to: month.to }]));
  const { data, error } = useQuery(MonthlyHoursQuery, { scope, ...variables } as never);
  const values = useMemo(() => (data ? months.map((_, index) => (data as MonthAnswers)[`m${index + 1}`]!.total.realised.hours) : []), [data, months]);
  const series = useMemo(() => [{ name: 'Heures réalisées', values }], [values]);
  return (
    <>
      <h2>Heures réalisées mois par mois</h2>
      {error && <Alert severity="error" title="Évolution indisponible" description={error.message} />}
      {data && (
        <>
          <Chart kind="line" categories={months.map((month) => month.label)} series={series} unit="h" />
          <FigureTable caption={`Heures réalisées par mois, ${year}`} headers={['Mois', 'Heures réalisées']} rows={months.map((month, index) => [month.label, figure(values[index], 'hours')])} />
        </>
      )}
    </>
  );
}

/**
 * A charter semester by semester: each target's achievement in each semester since the charter began, one row a
 * semester, each asked of the `indicators` API on its own (a charter runs for a few years: a dozen semesters at most).
 */
import { useQuery } from '../../api/use-query';
import { ScrollableTable } from '../../components/ScrollableTable';
import { figure } from '../../components/charts/FigureTable';
import { graphql } from '../../gql';

const CharterSemesterQuery = graphql(`
  query CharterSemester($charter: ID!, $semester: String!) {
    indicators(scope: { kind: CHARTER, id: $charter }, period: { semester: $semester }) {
      total { realised { hours } targets { kind label achieved } }
    }
  }
`);

function SemesterRow({ charterId, semester, kinds }: { charterId: string; semester: string; kinds: string[] }) {
  const { data, error } = useQuery(CharterSemesterQuery, { charter: charterId, semester });
  const total = data?.indicators.total;
  const achieved = (kind: string) => total?.targets.find((target) => target.kind === kind)?.achieved;
  return (
    <tr>
      <th scope="row">{semester.replace('-S', ', semestre ')}</th>
      {error ? <td colSpan={kinds.length + 1}>{error.message}</td> : (
        <>
          <td>{total ? figure(total.realised.hours, 'hours') : '…'}</td>
          {kinds.map((kind) => <td key={kind}>{total ? figure(achieved(kind), 'rate') : '…'}</td>)}
        </>
      )}
    </tr>
  );
}

export function CharterTrend({ charterId, name, semesters, targets }: { charterId: string; name: string; semesters: string[]; targets: { kind: string; label: string }[] }) {
  const caption = `La charte « ${name} » semestre par semestre`;
  return (
    <ScrollableTable className="fr-mb-4w">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Semestre</th>
          <th scope="col">Heures réalisées</th>
          {targets.map((target) => <th key={target.kind} scope="col">{target.label}</th>)}
        </tr>
      </thead>
      <tbody>
        {[...semesters].reverse().map((semester) => <SemesterRow key={semester} charterId={charterId} semester={semester} kinds={targets.map((target) => target.kind)} />)}
      </tbody>
    </ScrollableTable>
  );
}

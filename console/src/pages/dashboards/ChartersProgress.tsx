/**
 * The platform's charters and how far each is from its targets over a year, ten charters a page: each row asks the
 * `indicators` API for its charter (a hundred départements have two hundred charters: never all at once).
 */
import { Link } from 'wouter';
import { useQuery } from '../../api/use-query';
import { PageButtons, useCursorPages } from '../../components/Pagination';
import { ScrollableTable } from '../../components/ScrollableTable';
import { figure } from '../../components/charts/FigureTable';
import { graphql } from '../../gql';

const PAGE_SIZE = 10;

const ChartersPage = graphql(`
  query ChartersOfPlatform($first: Int!, $after: String) {
    charters(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id name coordinator { name } }
    }
  }
`);

const CharterYearQuery = graphql(`
  query CharterYear($charter: ID!, $year: Int!) {
    indicators(scope: { kind: CHARTER, id: $charter }, period: { year: $year }) {
      total { targets { kind label target achieved progress } }
    }
  }
`);

function CharterRow({ charter, year }: { charter: { id: string; name: string; coordinator: { name: string } }; year: number }) {
  const { data, error } = useQuery(CharterYearQuery, { charter: charter.id, year });
  const targets = data?.indicators.total.targets ?? [];
  const met = targets.filter((target) => (target.progress ?? 0) >= 1).length;
  return (
    <tr>
      <th scope="row"><Link href={`/chartes?charte=${encodeURIComponent(charter.id)}`}>{charter.name}</Link></th>
      <td>{charter.coordinator.name}</td>
      {error ? <td colSpan={2}>{error.message}</td> : (
        <>
          <td>{data ? `${met} sur ${targets.length}` : '…'}</td>
          <td>
            <ul className="fr-raw-list">
              {targets.map((target) => <li key={target.kind}>{target.label} : {figure(target.achieved, 'rate')} pour {figure(target.target, 'rate')}</li>)}
            </ul>
          </td>
        </>
      )}
    </tr>
  );
}

export function ChartersProgress({ year }: { year: number }) {
  const pages = useCursorPages();
  const { data, error } = useQuery(ChartersPage, { first: PAGE_SIZE, after: pages.after });
  const connection = data?.charters;
  if (error) return <p>{error.message}</p>;
  if (!connection?.totalCount) return null;
  return (
    <>
      <h2>Les chartes face à leurs objectifs</h2>
      <ScrollableTable className="fr-mb-2w">
        <caption>{`Les chartes et leurs objectifs, ${year} (${connection.totalCount} chartes)`}</caption>
        <thead>
          <tr>
            <th scope="col">Charte</th>
            <th scope="col">Coordonnée par</th>
            <th scope="col">Objectifs atteints</th>
            <th scope="col">Atteint pour l’objectif</th>
          </tr>
        </thead>
        <tbody>
          {connection.nodes.map((charter) => <CharterRow key={charter.id} charter={charter} year={year} />)}
        </tbody>
      </ScrollableTable>
      <PageButtons pages={pages} pageInfo={connection.pageInfo} />
    </>
  );
}

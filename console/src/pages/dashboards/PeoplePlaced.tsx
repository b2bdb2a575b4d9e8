/** Who worked on some markets over a year, as protected as the API gives it to the viewer: one table per typology. */
import { figure, FigureTable, SUPPRESSION_NOTE } from '../../components/charts/FigureTable';
import { graphql } from '../../gql';
import type { PeoplePlacedFragment } from '../../gql/graphql';

graphql(`
  fragment PeoplePlaced on IndicatorSet {
    peopleBySex { key label value }
    peopleByAgeBand { key label value }
    peopleByQpv { key label value }
    disclosureNote
  }
`);

export function PeoplePlaced({ set, year }: { set: PeoplePlacedFragment; year: number }) {
  const typology = [['Sexe', set.peopleBySex], ['Âge', set.peopleByAgeBand], ['Quartier prioritaire', set.peopleByQpv]] as const;
  return (
    <>
      <div className="fr-grid-row fr-grid-row--gutters">
        {typology.map(([title, cells]) => (
          <div key={title} className="fr-col-12 fr-col-md-4">
            <FigureTable caption={`${title}, ${year}`} headers={[title, 'Personnes']} rows={cells.map((cell) => [cell.label, figure(cell.value)])} />
          </div>
        ))}
      </div>
      <p className="fr-text--sm">{SUPPRESSION_NOTE} {set.disclosureNote}</p>
    </>
  );
}

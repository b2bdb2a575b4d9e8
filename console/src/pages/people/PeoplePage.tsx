/** The people the PLIE follows: searched by name, filtered on their typology, a page at a time. */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useQuery } from '../../api/use-query';
import { AGE_BAND_LABELS, SEX_LABELS, frenchDate } from '../../components/people/labels';
import { graphql } from '../../gql';
import type { AgeBand, BeneficiaryFilter, Sex } from '../../gql/graphql';
import { usePageTitle } from '../../layout/page-title';
import { PageButtons, useCursorPages } from '../../components/Pagination';
import { canEdit, useViewer } from '../../session/viewer';

const PAGE_SIZE = 20;

const PeopleListDocument = graphql(`
  query PeopleList($filter: BeneficiaryFilter, $first: Int, $after: String) {
    beneficiaries(filter: $filter, first: $first, after: $after, orderBy: { field: ENTRY_DATE, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        sex
        ageBand
        entryDate
        livesInQpv
        isBrsa
        restrictedAt
        erasedAt
        identity { lastName firstName birthDate }
        exits { id exitDate }
      }
    }
  }
`);

interface Filters {
  search: string;
  sex: '' | Sex;
  brsa: '' | 'yes' | 'no';
  qpv: '' | 'yes' | 'no';
  age: '' | 'young' | 'others';
  status: '' | 'active' | 'exited';
}

const NO_FILTER: Filters = { search: '', sex: '', brsa: '', qpv: '', age: '', status: '' };
const YOUNG: AgeBand[] = ['UNDER_25', 'AGE_25'];
const OTHERS: AgeBand[] = ['AGE_26_29', 'AGE_30_44', 'AGE_45_54', 'AGE_55_PLUS'];

/** A filter on a yes-or-no fact of the typology: everyone, those for whom it holds, or the others. */
function YesNoSelect({ label, value, onChange }: { label: string; value: '' | 'yes' | 'no'; onChange: (event: ChangeEvent<HTMLSelectElement>) => void }) {
  return (
    <Select label={label} nativeSelectProps={{ value, onChange }}>
      <option value="">Tous</option>
      <option value="yes">Oui</option>
      <option value="no">Non</option>
    </Select>
  );
}

function apiFilter(filters: Filters, plieId: string): BeneficiaryFilter {
  const yesNo = (value: '' | 'yes' | 'no') => (value === '' ? undefined : value === 'yes');
  return {
    followedById: plieId,
    ...(filters.search.trim() ? { search: filters.search.trim() } : {}),
    ...(filters.sex ? { sex: filters.sex } : {}),
    ...(filters.brsa ? { isBrsa: yesNo(filters.brsa) } : {}),
    ...(filters.qpv ? { inQpv: yesNo(filters.qpv) } : {}),
    ...(filters.age ? { ageBands: filters.age === 'young' ? YOUNG : OTHERS } : {}),
    ...(filters.status ? { exited: filters.status === 'exited' } : {}),
  };
}

export function PeoplePage() {
  usePageTitle('Participants');
  const viewer = useViewer();
  const [draft, setDraft] = useState<Filters>(NO_FILTER);
  const [filters, setFilters] = useState<Filters>(NO_FILTER);
  const cursorPages = useCursorPages();
  const { page } = cursorPages;
  const { data, error, loading } = useQuery(PeopleListDocument, {
    filter: apiFilter(filters, viewer.actingOrganisation.id),
    first: PAGE_SIZE,
    after: cursorPages.after,
  });
  const connection = data?.beneficiaries;
  const pages = connection ? Math.max(1, Math.ceil(connection.totalCount / PAGE_SIZE)) : 1;

  const apply = (next: Filters) => {
    setFilters(next);
    cursorPages.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(draft);
  };
  const choose = <K extends keyof Filters>(key: K) => (event: { target: { value: string } }) => {
    const next = { ...draft, [key]: event.target.value as Filters[K] };
    setDraft(next);
    apply(next);
  };

  const rows = (connection?.nodes ?? []).map((person) => {
    const name = person.identity ? `${person.identity.lastName.toUpperCase()} ${person.identity.firstName}` : 'Identité non communiquée';
    const exit = person.exits[person.exits.length - 1];
    return [
      <Link key="name" href={`/personnes/${encodeURIComponent(person.id)}`}>{person.erasedAt ? 'Identité effacée' : name}</Link>,
      person.identity ? frenchDate(person.identity.birthDate) : '—',
      SEX_LABELS[person.sex],
      AGE_BAND_LABELS[person.ageBand],
      [person.isBrsa ? 'RSA' : null, person.livesInQpv ? 'QPV' : null].filter(Boolean).join(', ') || '—',
      frenchDate(person.entryDate),
      exit
        ? <Badge key="status" severity="info" noIcon small>Sorti(e) le {frenchDate(exit.exitDate)}</Badge>
        : <Badge key="status" severity="success" noIcon small>En parcours</Badge>,
    ];
  });

  return (
    <>
      <div className="fr-grid-row fr-grid-row--middle fr-mb-2w">
        <div className="fr-col">
          <h1 className="fr-mb-0">Participants</h1>
        </div>
        {canEdit(viewer) && (
          <div className="fr-col-auto">
            <Button linkProps={{ href: '/personnes/nouvelle' }} iconId="fr-icon-user-add-line">Inscrire un participant</Button>
          </div>
        )}
      </div>
      <p>Les personnes que suit {viewer.actingOrganisation.name}, les dernières entrées d’abord.</p>

      <form role="search" aria-label="Rechercher et filtrer les participants" onSubmit={submit} className="fr-mb-3w">
        <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          <div className="fr-col-12 fr-col-md-6">
            <Input
              label="Nom ou prénom"
              hintText="Un ou plusieurs mots, sans tenir compte des majuscules"
              nativeInputProps={{ type: 'search', value: draft.search, onChange: (event) => setDraft({ ...draft, search: event.target.value }) }}
            />
          </div>
          <div className="fr-col-12 fr-col-md-2">
            <Button type="submit" iconId="fr-icon-search-line">Rechercher</Button>
          </div>
        </div>
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-6 fr-col-md-2">
            <Select label="Sexe" nativeSelectProps={{ value: draft.sex, onChange: choose('sex') }}>
              <option value="">Tous</option>
              <option value="FEMALE">Femmes</option>
              <option value="MALE">Hommes</option>
            </Select>
          </div>
          <div className="fr-col-6 fr-col-md-2">
            <Select label="Âge à l’entrée" nativeSelectProps={{ value: draft.age, onChange: choose('age') }}>
              <option value="">Tous</option>
              <option value="young">Moins de 26 ans</option>
              <option value="others">26 ans et plus</option>
            </Select>
          </div>
          <div className="fr-col-6 fr-col-md-2">
            <YesNoSelect label="Bénéficiaire du RSA" value={draft.brsa} onChange={choose('brsa')} />
          </div>
          <div className="fr-col-6 fr-col-md-3">
            <YesNoSelect label="Habite un quartier prioritaire (QPV)" value={draft.qpv} onChange={choose('qpv')} />
          </div>
          <div className="fr-col-6 fr-col-md-3">
            <Select label="Statut" nativeSelectProps={{ value: draft.status, onChange: choose('status') }}>
              <option value="">Tous</option>
              <option value="active">En parcours</option>
              <option value="exited">Sortis</option>
            </Select>
          </div>
        </div>
      </form>

      {error && <Alert severity="error" title="La liste n’a pas pu être chargée" description={error.message} className="fr-mb-2w" />}
      {connection && (
        <p role="status" aria-live="polite">
          {connection.totalCount === 0 ? 'Aucun participant ne correspond.' : `${connection.totalCount} participant${connection.totalCount > 1 ? 's' : ''} — page ${page} sur ${pages}`}
        </p>
      )}
      {rows.length > 0 && (
        <Table
          caption="Participants suivis"
          headers={['Nom', 'Date de naissance', 'Sexe', 'Âge à l’entrée', 'Typologie', 'Entrée', 'Statut']}
          data={rows}
          fixed
        />
      )}
      {loading && !data && <p>Chargement…</p>}
      {connection && <PageButtons pages={cursorPages} pageInfo={connection.pageInfo} />}
    </>
  );
}

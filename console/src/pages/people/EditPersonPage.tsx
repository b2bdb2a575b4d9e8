/** Corrects what was registered of a person (a typo in a name, a wrong date…): updateBeneficiary, at the version read. */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Link, useLocation } from 'wouter';
import { request } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { PersonForm, type Draft } from '../../components/people/PersonForm';
import { graphql } from '../../gql';
import type { PeopleEditQuery, Sex } from '../../gql/graphql';
import { usePageTitle } from '../../layout/page-title';

const PeopleEditDocument = graphql(`
  query PeopleEdit($id: ID!) {
    node(id: $id) {
      ... on Beneficiary {
        id version sex entryDate residenceCommune qualificationLevel isBrsa isDeld isAse isRqth restrictedAt
        qpv { id }
        identity { lastName firstName birthDate email phone address }
      }
    }
  }
`);

const PeopleUpdateDocument = graphql(`
  mutation PeopleUpdate($input: UpdateBeneficiaryInput!) {
    updateBeneficiary(input: $input) { id version }
  }
`);

type Person = Extract<NonNullable<PeopleEditQuery['node']>, { sex: Sex }>;

function draftOf(person: Person): Draft {
  const identity = person.identity!;
  return {
    lastName: identity.lastName, firstName: identity.firstName, birthDate: identity.birthDate, sex: person.sex, entryDate: person.entryDate,
    residenceCommune: person.residenceCommune ?? '', qpvId: person.qpv?.id ?? '', qualificationLevel: person.qualificationLevel ?? '',
    isBrsa: person.isBrsa, isDeld: person.isDeld, isAse: person.isAse, isRqth: person.isRqth,
    email: identity.email ?? '', phone: identity.phone ?? '', address: identity.address ?? '',
  };
}

export function EditPersonPage({ params }: { params: Record<string, string | undefined> }) {
  usePageTitle('Corriger un participant');
  const [, navigate] = useLocation();
  const id = params.id ?? '';
  const { data, error, loading } = useQuery(PeopleEditDocument, { id });
  const person = data?.node && 'sex' in data.node ? (data.node as Person) : null;
  const back = `/personnes/${encodeURIComponent(id)}`;
  if (loading && !data) return <p>Chargement…</p>;
  return (
    <>
      <p className="fr-mb-1w"><Link href={back}>← Retour à la fiche</Link></p>
      <h1>Corriger un participant</h1>
      {!person?.identity || person.restrictedAt ? (
        <Alert severity="error" title="Ce participant ne peut pas être corrigé ici" description={error?.message ?? 'Seul le PLIE qui suit la personne corrige son identité, et rien ne change tant que son traitement est limité.'} />
      ) : (
        <PersonForm
          initial={draftOf(person)}
          personId={person.id}
          submitLabel="Enregistrer les corrections"
          failureTitle="Les corrections n’ont pas été enregistrées"
          save={async (fields) => {
            await request(PeopleUpdateDocument, { input: { id: person.id, version: person.version, fields } });
            navigate(back);
          }}
        />
      )}
    </>
  );
}

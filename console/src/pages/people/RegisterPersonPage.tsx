/** Registers a person the PLIE now follows, warning before a probable duplicate of someone already followed. */
import { Link, useLocation } from 'wouter';
import { request } from '../../api/client';
import { EMPTY, PersonForm } from '../../components/people/PersonForm';
import { graphql } from '../../gql';
import { usePageTitle } from '../../layout/page-title';

const PeopleRegisterDocument = graphql(`
  mutation PeopleRegister($fields: BeneficiaryFields!) {
    registerBeneficiary(fields: $fields) { id }
  }
`);

export function RegisterPersonPage() {
  usePageTitle('Inscrire un participant');
  const [, navigate] = useLocation();
  return (
    <>
      <p className="fr-mb-1w"><Link href="/personnes">← Tous les participants</Link></p>
      <h1>Inscrire un participant</h1>
      <p>Tous les champs sont obligatoires, sauf mention contraire. Le statut et l’âge sont ceux du jour de l’entrée.</p>
      <PersonForm
        initial={EMPTY}
        submitLabel="Inscrire le participant"
        failureTitle="Le participant n’a pas été inscrit"
        save={async (fields) => {
          const { registerBeneficiary } = await request(PeopleRegisterDocument, { fields });
          navigate(`/personnes/${encodeURIComponent(registerBeneficiary.id)}`);
        }}
      />
    </>
  );
}

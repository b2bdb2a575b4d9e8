import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { usePageTitle } from '../../layout/page-title';
import { actFor } from '../../session/store';
import type { ConsoleViewer } from '../../session/viewer';
import { roleInText } from '../../session/roles';

/** A person with several memberships says for which organisation they act; they may change later. */
export function ChooseOrganisationPage({ viewer }: { viewer: ConsoleViewer }) {
  usePageTitle('Choisir l’organisation');
  const [, navigate] = useLocation();
  const [chosen, setChosen] = useState(viewer.actingOrganisation?.id ?? '');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!chosen) return;
        navigate('/');
        actFor(chosen);
      }}
    >
      <h1>Pour quelle organisation agissez-vous ?</h1>
      <RadioButtons
        legend="Vos organisations"
        hintText="Vous ne voyez que les données de l’organisation choisie ; vous pourrez en changer depuis l’en-tête."
        options={viewer.memberships.map((membership) => ({
          label: membership.organisation.name,
          hintText: `${membership.organisation.kind}, ${roleInText(membership.role)}`,
          nativeInputProps: { value: membership.organisation.id, checked: chosen === membership.organisation.id, onChange: () => setChosen(membership.organisation.id) },
        }))}
      />
      <Button type="submit" disabled={!chosen}>Continuer</Button>
    </form>
  );
}

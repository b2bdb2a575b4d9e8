/** What the administrators' pages share: the roles in French, dates, and a confirmation step before a write that cannot be undone. */
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useEffect, useRef, type ReactNode, type RefObject } from 'react';
import type { MembershipRole } from '../../gql/graphql';
import { ROLE_LABELS, ROLES } from '../../session/roles';


export const ROLE_HINT = 'Administrateur : gère les membres, les clés et le journal. Éditeur : saisit et modifie. Lecteur : consulte seulement.';

/** The role a member or a key gets, with what each role may do, and the API's problem about it. */
export function RoleSelect({ label, value, onChange, problem }: { label: string; value: MembershipRole; onChange: (role: MembershipRole) => void; problem: { state: 'error' | 'default'; stateRelatedMessage?: string } }) {
  return (
    <Select label={label} hint={ROLE_HINT} {...problem} nativeSelectProps={{ name: 'role', value, onChange: (event) => onChange(event.target.value as MembershipRole) }}>
      {ROLES.map((role) => <option key={role} value={role}>{ROLE_LABELS[role]}</option>)}
    </Select>
  );
}

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' });
const DATE = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeZone: 'Europe/Paris' });

export const dateTime = (value: string | null | undefined) => (value ? DATE_TIME.format(new Date(value)) : '');
export const date = (value: string | null | undefined) => (value ? DATE.format(new Date(value)) : '');

/**
 * Asks before doing: what will happen, then Confirm or Cancel. It takes the focus when it appears, so that
 * a keyboard or screen reader user lands on the question.
 */
export function ConfirmStep({ title, children, confirmLabel, onConfirm, onCancel, busy }: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} tabIndex={-1} role="alertdialog" aria-labelledby="confirmation-title" className="fr-alert fr-alert--warning fr-mb-3w">
      <h2 id="confirmation-title" className="fr-alert__title">{title}</h2>
      <div className="fr-mb-2w">{children}</div>
      <ul className="fr-btns-group fr-btns-group--inline-sm">
        <li><Button onClick={onConfirm} disabled={busy}>{confirmLabel}</Button></li>
        <li><Button priority="secondary" onClick={onCancel} disabled={busy}>Annuler</Button></li>
      </ul>
    </div>
  );
}

/** After a refusal, the keyboard goes to the first field the API found a problem with, once the page shows it. */
export function useFocusOnProblem(form: RefObject<HTMLFormElement | null>, error: unknown): void {
  useEffect(() => {
    if (error) form.current?.querySelector<HTMLElement>('.fr-input--error, .fr-select--error')?.focus();
  }, [form, error]);
}

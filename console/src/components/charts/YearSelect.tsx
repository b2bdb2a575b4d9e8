import { Select } from '@codegouvfr/react-dsfr/Select';

const FIRST_YEAR = 2022;
export const lastYear = () => new Date().getFullYear();

/** The year a dashboard shows, from the platform's first to this one. */
export function YearSelect({ year, onChange }: { year: number; onChange: (year: number) => void }) {
  return (
    <Select label="Année" nativeSelectProps={{ value: year, onChange: (event) => onChange(Number(event.target.value)) }}>
      {Array.from({ length: lastYear() - FIRST_YEAR + 1 }, (_, index) => lastYear() - index).map((option) => <option key={option} value={option}>{option}</option>)}
    </Select>
  );
}

/** The year alone on its line, above a dashboard's figures. */
export function YearRow({ year, onChange }: { year: number; onChange: (year: number) => void }) {
  return (
    <div className="fr-grid-row fr-mb-3w">
      <div className="fr-col-12 fr-col-md-3">
        <YearSelect year={year} onChange={onChange} />
      </div>
    </div>
  );
}

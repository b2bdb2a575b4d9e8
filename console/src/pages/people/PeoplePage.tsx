/** To be written (issue 16). */
export function PeoplePage() {
  return <p>Page en construction.</p>;
}

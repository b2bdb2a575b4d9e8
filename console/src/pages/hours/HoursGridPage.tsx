/** To be written (issue 16). */
export function HoursGridPage() {
  return <p>Page en construction.</p>;
}

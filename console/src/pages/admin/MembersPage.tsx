/** To be written (issue 16). */
export function MembersPage() {
  return <p>Page en construction.</p>;
}

/** To be written (issue 16). */
export function RegisterPersonPage() {
  return <p>Page en construction.</p>;
}

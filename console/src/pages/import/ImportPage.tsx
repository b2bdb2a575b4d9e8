/** To be written (issue 16). */
export function ImportPage() {
  return <p>Page en construction.</p>;
}

/** To be written (issue 16). */
export function PersonPage() {
  return <p>Page en construction.</p>;
}

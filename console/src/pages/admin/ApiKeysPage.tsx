/** To be written (issue 16). */
export function ApiKeysPage() {
  return <p>Page en construction.</p>;
}

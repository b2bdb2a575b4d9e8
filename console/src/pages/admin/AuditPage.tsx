/** To be written (issue 16). */
export function AuditPage() {
  return <p>Page en construction.</p>;
}

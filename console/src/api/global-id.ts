/** Global ids as the API writes them (base64url of `Type:id`). */

/** The database id behind a global id (base64url of `Type:uuid`), to match the ids the audit trail and the indicators name. */
export function databaseId(globalId: string): string {
  try {
    const decoded = atob(globalId.replace(/-/g, '+').replace(/_/g, '/'));
    return decoded.slice(decoded.indexOf(':') + 1);
  } catch {
    return globalId;
  }
}

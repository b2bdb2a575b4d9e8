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

/** The global id of a row the API names by its database id (the indicators' organisations and markets). */
export function globalId(typeName: string, databaseId: string): string {
  return btoa(`${typeName}:${databaseId}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

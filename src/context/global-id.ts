/**
 * How the platform names a row to its clients, whatever the answer (GraphQL, HTTP, a problem's
 * `existingId`): base64url("Type:uuid"). Reading one a client sent is the edge's job (graphql/relay).
 */
export function toGlobalId(typeName: string, id: string): string {
  return Buffer.from(`${typeName}:${id}`, 'utf8').toString('base64url');
}

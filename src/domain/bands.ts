/**
 * Bands of a whole number, as one description that TypeScript reads (bandOf) and the indicator queries
 * turn into SQL (indicators/queries/sql.ts, bandSql), so that both band alike: every band but the last with
 * the value it stops before, in increasing order; the last takes the rest.
 */
export interface Bands<B extends string> {
  below: readonly (readonly [band: B, limit: number])[];
  rest: B;
}

/** All bands, lowest first. */
export const bandsOf = <B extends string>({ below, rest }: Bands<B>): B[] => [...below.map(([band]) => band), rest];

export function bandOf<B extends string>({ below, rest }: Bands<B>, value: number): B {
  for (const [band, limit] of below) if (value < limit) return band;
  return rest;
}

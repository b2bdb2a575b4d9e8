/**
 * A market is published again when it is modified (or corrected), and a file may hold several of its
 * publications, in any order: the latest stands. Its date is the latest of its first publication
 * (`datePublicationDonnees`, which the format keeps unchanged) and of its modifications'
 * (`datePublicationDonneesModification`); on the same date, the one with more modifications is the later.
 */
export interface Publication {
  /** `AAAA-MM-JJ`; null when the record gives none that reads as a day (then it is older than any dated one). */
  date: string | null;
  modifications: number;
}

/** Whether `a` was published after `b`. */
export function isLaterPublication(a: Publication, b: Publication): boolean {
  if (a.date !== b.date) return b.date === null || (a.date !== null && a.date > b.date);
  return a.modifications > b.modifications;
}

/**
 * The latest publication of each market, by key, as the records are read: only the winning value of each
 * market is held, so that memory grows with the markets kept, not with the size of the file. Of two
 * publications that tie, the one read last stands (the same file always gives the same result). A value is
 * held as a copy: the strings of a streamed record may be slices of the parser's input chunk, which they
 * would keep alive, each of them, for as long as they are held.
 */
export class LatestPublications<T> {
  private readonly latest = new Map<string, { publication: Publication; value: T }>();

  /** Keeps `value` when it is the latest publication of its market so far; tells whether a publication was set aside (either). */
  offer(key: string, publication: Publication, value: T): boolean {
    const held = this.latest.get(key);
    if (held !== undefined && isLaterPublication(held.publication, publication)) return true;
    this.latest.set(key, { publication, value: structuredClone(value) });
    return held !== undefined;
  }

  *values(): Generator<T> {
    for (const { value } of this.latest.values()) yield value;
  }
}

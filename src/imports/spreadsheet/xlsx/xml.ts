/**
 * An XML part of a workbook as a stream of events (saxes), a chunk at a time: memory holds one chunk's
 * events, never the part. Names lose their namespace prefix (`x:row` is `row`). A stretch of text or a
 * tag longer than `xmlRunChars` is refused before it is buffered whole.
 */
import { SaxesParser } from 'saxes';
import type { Readable } from 'node:stream';
import { describe, FileRefused, IMPORT_LIMITS } from '../../limits.js';

export type XmlEvent =
  | { kind: 'open'; name: string; attributes: Record<string, string> }
  | { kind: 'close'; name: string }
  | { kind: 'text'; text: string };

/**
 * A NUL character, raw or as a reference, which no XML holds (saxes refuses it in English): said in French. A
 * workbook escapes one within a text as `_x0000_` (ECMA-376), which is read as these seven characters.
 */
const NUL_IN_XML = /\0|&#(?:0+|x0+);/i;

export const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** An attribute by its local name, whatever its prefix (`r:id`, `ns1:id`). */
export function attribute(attributes: Record<string, string>, name: string): string | undefined {
  if (name in attributes) return attributes[name];
  const key = Object.keys(attributes).find((candidate) => localName(candidate) === name);
  return key === undefined ? undefined : attributes[key];
}

export async function* xmlEvents(stream: Readable, part: string): AsyncIterable<XmlEvent> {
  const parser = new SaxesParser({ position: true });
  let events: XmlEvent[] = [];
  let lastEvent = 0;
  const seen = () => {
    lastEvent = parser.position;
  };
  parser.on('opentag', (tag) => {
    seen();
    events.push({ kind: 'open', name: localName(tag.name), attributes: tag.attributes as Record<string, string> });
  });
  parser.on('closetag', (tag) => {
    seen();
    events.push({ kind: 'close', name: localName(tag.name) });
  });
  parser.on('text', (text) => {
    seen();
    events.push({ kind: 'text', text });
  });
  parser.on('cdata', (text) => {
    seen();
    events.push({ kind: 'text', text });
  });
  const feed = (write: () => void) => {
    try {
      write();
    } catch (error) {
      throw new FileRefused(`La partie ${part} du classeur n'est pas du XML valide (${(error as Error).message.slice(0, 200)})`);
    }
  };
  stream.setEncoding('utf8');
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      if (NUL_IN_XML.test(chunk)) throw new FileRefused(`La partie ${part} du classeur contient un caractère nul (U+0000), qu'aucun fichier XML ne peut contenir : le fichier est endommagé`);
      feed(() => parser.write(chunk));
      if (parser.position - lastEvent > IMPORT_LIMITS.xmlRunChars) {
        throw new FileRefused(`La partie ${part} du classeur contient un texte ou une balise de plus de ${describe.number(IMPORT_LIMITS.xmlRunChars)} caractères`);
      }
      yield* events;
      events = [];
    }
    feed(() => parser.close());
    yield* events;
  } finally {
    stream.destroy();
  }
}

import { ReferenceKind, type EntityMetadata } from '@mikro-orm/postgresql';
import { rowJson } from '../../src/graphql/compiled/row-json.js';

/** The metadata rowJson reads: each property's kind and columns. */
const market = {
  properties: {
    id: { kind: ReferenceKind.SCALAR, fieldNames: ['id'] },
    reference: { kind: ReferenceKind.SCALAR, fieldNames: ['reference'] },
    amountHt: { kind: ReferenceKind.SCALAR, fieldNames: ['amount_ht'] },
    buyer: { kind: ReferenceKind.MANY_TO_ONE, fieldNames: ['buyer_id'] },
    lots: { kind: ReferenceKind.ONE_TO_MANY, fieldNames: [] },
  },
} as unknown as EntityMetadata;

const json = (asked: string[], resolved = {}, extra: string[] = []) => rowJson(market, 'm', new Set(asked), resolved, extra).sql;

describe('the JSON of a compiled row (rowJson)', () => {
  it('holds the id and the columns of the fields asked, a relation by its id', () => {
    expect(json(['reference', 'buyer'])).toBe("json_build_object('id', m.id, 'reference', m.reference, 'buyer_id', m.buyer_id)");
    expect(json([])).toBe("json_build_object('id', m.id)");
  });

  it('holds what the resolver of a resolved field reads, and the extra columns, each once', () => {
    expect(json(['total', 'amountHt', '__typename'], { total: ['amountHt', 'id'] }, ['cursor_value']))
      .toBe("json_build_object('id', m.id, 'amount_ht', m.amount_ht, 'cursor_value', m.cursor_value)");
    expect(json(['lots'], { lots: [] })).toBe("json_build_object('id', m.id)");
  });

  it('is the whole row when a field asked is neither a column nor resolved, or a resolver reads no column', () => {
    expect(json(['reference', 'somethingComputed'])).toBe('to_json(m)');
    expect(json(['lots'])).toBe('to_json(m)');
    expect(json(['total'], { total: ['lots'] })).toBe('to_json(m)');
    expect(json(['toString'])).toBe('to_json(m)');
  });
});

import { GraphQLEnumType, GraphQLScalarType, isSpecifiedScalarType, parse, type GraphQLSchema } from 'graphql';
import { buildApiSchema } from '../../src/graphql/schema.js';
import { CompiledOperations } from '../../src/graphql/jit-executor.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildApiSchema();
});

describe('CompiledOperations', () => {
  const document = parse('query Viewer { viewer { user { email } } }');

  it('leaves an operation to graphql-js for its first requests, then compiles it once', () => {
    const operations = new CompiledOperations(schema, 2);
    expect(operations.get('viewer', document, 'Viewer')).toBeUndefined();
    expect(operations.get('viewer', document, 'Viewer')).toBeUndefined();
    const compiled = operations.get('viewer', document, 'Viewer');
    expect(compiled?.query).toBeInstanceOf(Function);
    expect(operations.get('viewer', document, 'Viewer')).toBe(compiled);
    expect(operations.get('other', document, 'Viewer')).toBeUndefined();
  });

  it('compiles at the first request when asked to', () => {
    expect(new CompiledOperations(schema, 0).get('viewer', document, 'Viewer')?.query).toBeInstanceOf(Function);
  });
});

/** A value of each scalar of the schema beyond GraphQL's own, as a client sends it. */
const SCALAR_SAMPLES: Record<string, unknown> = {
  LocalDate: '2025-06-30',
  DateTimeISO: '2025-06-30T08:15:00.000Z',
  JSONObject: { kind: 'CDI', months: 6 },
};

describe('variables coerced twice (graphql-js, then graphql-jit)', () => {
  it('keep every enum value: each is its own name', () => {
    const renamed = Object.values(schema.getTypeMap())
      .filter((type): type is GraphQLEnumType => type instanceof GraphQLEnumType && !type.name.startsWith('__'))
      .flatMap((type) => type.getValues().filter((value) => value.value !== value.name).map((value) => `${type.name}.${value.name}`));
    expect(renamed).toEqual([]);
  });

  it('keep every scalar value: each scalar reads its own output unchanged', () => {
    const scalars = Object.values(schema.getTypeMap()).filter((type): type is GraphQLScalarType => type instanceof GraphQLScalarType && !isSpecifiedScalarType(type));
    expect(scalars.map((scalar) => scalar.name).sort()).toEqual(Object.keys(SCALAR_SAMPLES).sort());
    for (const scalar of scalars) {
      const once = scalar.parseValue(SCALAR_SAMPLES[scalar.name]);
      expect([scalar.name, scalar.parseValue(once)]).toEqual([scalar.name, once]);
    }
  });
});

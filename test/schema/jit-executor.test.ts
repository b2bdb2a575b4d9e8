import { getNamedType, GraphQLEnumType, GraphQLInputObjectType, GraphQLScalarType, isSpecifiedScalarType, parse, type GraphQLSchema } from 'graphql';
import { buildApiSchema } from '../../src/graphql/schema.js';
import { compilable, CompiledOperations, MAX_COMPILED_FIELDS } from '../../src/graphql/jit-executor.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildApiSchema();
});

const VIEWER = 'query Viewer { viewer { user { email } } }';

describe('CompiledOperations', () => {
  it('leaves a query to graphql-js for its first requests, then compiles it once', () => {
    const operations = new CompiledOperations(schema, 2);
    expect(operations.get('viewer', VIEWER)).toBeUndefined();
    expect(operations.get('viewer', VIEWER)).toBeUndefined();
    const compiled = operations.get('viewer', VIEWER);
    expect(compiled?.query).toBeInstanceOf(Function);
    expect(operations.get('viewer', VIEWER)).toBe(compiled);
    expect(operations.get('other', VIEWER)).toBeUndefined();
  });

  it('compiles at the first request when asked to, and never what it may not compile', () => {
    const operations = new CompiledOperations(schema, 0);
    expect(operations.get('viewer', VIEWER)?.query).toBeInstanceOf(Function);
    const literal = 'query { node(id: "T3JnYW5pc2F0aW9uOjE=") { id } }';
    expect(operations.get('literal', literal)).toBeUndefined();
    expect(operations.get('literal', literal)).toBeUndefined();
  });
});

describe('compilable: what graphql-jit may compile', () => {
  it.each([
    ['a query whose arguments are variables', 'query ($id: ID!, $first: Int) { node(id: $id) { id } markets(first: $first) { totalCount } }'],
    ['numbers, enums, booleans and null written in', 'query { markets(first: 5, orderBy: { field: REFERENCE, direction: ASC }) { totalCount } viewer @include(if: true) { user { email } } }'],
  ])('compiles %s', (_, text) => {
    expect(compilable(parse(text))).toBe(true);
  });

  it.each([
    ['a string written in an argument: graphql-jit writes it into its code', 'query { node(id: "anything") { id } }'],
    ['a string deep in an input literal', 'query { markets(filter: { search: "x" }) { totalCount } }'],
    ['a block string', 'query { node(id: """anything""") { id } }'],
    ["a variable's default string", 'query ($id: ID = "anything") { node(id: $id) { id } }'],
    ['a variable inside an input literal: graphql-jit gives null where graphql-js gives the default', 'query ($search: String) { markets(filter: { search: $search }) { totalCount } }'],
    ['a variable inside a list literal', 'query ($status: MarketStatus!) { markets(filter: { statuses: [$status] }) { totalCount } }'],
    ['a mutation: graphql-jit runs its later fields after an earlier one failed', 'mutation ($id: ID!) { revokeApiKey(id: $id) { id } }'],
    ['two operations in one document', 'query A { viewer { user { email } } } query B { viewer { user { id } } }'],
    ['a variable named __proto__: graphql-jit loses it', 'query ($__proto__: Int) { markets(first: $__proto__) { totalCount } }'],
    ['an alias that starts with __', 'query { __proto__: viewer { user { email } } }'],
  ])('leaves to graphql-js %s', (_, text) => {
    expect(compilable(parse(text))).toBe(false);
  });

  it(`leaves to graphql-js a query of more than ${MAX_COMPILED_FIELDS} fields once its fragments are spread: compiling it would hold the server`, () => {
    // Each fragment spreads the next one twice: eleven levels are 2,047 fields in a few hundred characters.
    const fragment = (level: number) => (level === 10 ? 'fragment F10 on User { email }' : `fragment F${level} on User { id ...F${level + 1} ... on User { ...F${level + 1} } }`);
    const wide = `query { viewer { user { ...F0 } } } ${Array.from({ length: 11 }, (_, level) => fragment(level)).join(' ')}`;
    expect(compilable(parse(wide))).toBe(false);
    expect(compilable(parse(`query { viewer { user { ${Array.from({ length: MAX_COMPILED_FIELDS - 3 }, (_, index) => `e${index}: email`).join(' ')} } } }`))).toBe(true);
  });
});

describe('the input types graphql-jit reads variables of', () => {
  it('hold none that contains itself: graphql-jit would compile the reading of such a variable without end', () => {
    const inputs = Object.values(schema.getTypeMap()).filter((type): type is GraphQLInputObjectType => type instanceof GraphQLInputObjectType);
    const containsItself = (start: GraphQLInputObjectType) => {
      const seen = new Set<GraphQLInputObjectType>();
      const pending = [start];
      while (pending.length > 0) {
        for (const field of Object.values(pending.pop()!.getFields())) {
          const type = getNamedType(field.type);
          if (type === start) return true;
          if (type instanceof GraphQLInputObjectType && !seen.has(type)) {
            seen.add(type);
            pending.push(type);
          }
        }
      }
      return false;
    };
    expect(inputs.filter(containsItself).map((type) => type.name)).toEqual([]);
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

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isSpecifiedScalarType, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from '../../server/resolvers';

/**
 * Every change to the schema is deliberate and listed (docs/client-guide.md, Change policy): the
 * SDL the server runs equals the checked-in docs/schema.graphql, and every deprecation says what
 * replaces it and the date it goes, and is listed in docs/schema-changelog.md.
 */

const DOCS = path.join(__dirname, '..', '..', 'docs');
const SDL_FILE = path.join(DOCS, 'schema.graphql');
const CHANGELOG = path.join(DOCS, 'schema-changelog.md');
/** How long a deprecated field, argument or mutation keeps working, at least (the change policy). */
const MIN_DEPRECATION_DAYS = 180;

const schema = buildSchema();

test('the schema the server runs is docs/schema.graphql (UPDATE_SCHEMA=1 rewrites it; then list the change in docs/schema-changelog.md)', () => {
  const sdl = `${printSchema(schema)}\n`;
  if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SDL_FILE, sdl);
  const checkedIn = readFileSync(SDL_FILE, 'utf8');
  const differing = sdl.split('\n').filter((line) => !checkedIn.includes(line));
  expect(differing).toEqual([]);
  expect(sdl).toBe(checkedIn);
});

/**
 * CI fails on a missing description. Checked on the schema the server runs rather than by a linter
 * over server/schema/*.graphql: that is what /schema.graphql serves, including what code adds (the
 * shared arguments' descriptions, the scalars'), and it needs no further dependency.
 */
test('every type, field, argument, input field and enum value has a description', () => {
  const missing: string[] = [];
  const check = (coordinate: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(coordinate);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name}:)`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
  }
  expect(missing).toEqual([]);
});

/** Each deprecated field, argument, input field and enum value: its schema coordinate and reason. */
function deprecations(s: GraphQLSchema): { coordinate: string; reason: string }[] {
  const out: { coordinate: string; reason: string }[] = [];
  for (const type of Object.values(s.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.deprecationReason) out.push({ coordinate: `${type.name}.${field.name}`, reason: field.deprecationReason });
        for (const arg of field.args) {
          if (arg.deprecationReason) out.push({ coordinate: `${type.name}.${field.name}(${arg.name}:)`, reason: arg.deprecationReason });
        }
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.deprecationReason) out.push({ coordinate: `${type.name}.${field.name}`, reason: field.deprecationReason });
      }
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (value.deprecationReason) out.push({ coordinate: `${type.name}.${value.name}`, reason: value.deprecationReason });
      }
    }
  }
  return out;
}

test('every deprecation names what to use instead and its removal date, at least the policy’s period away, and the changelog lists it', () => {
  const changelog = readFileSync(CHANGELOG, 'utf8');
  const found = deprecations(schema);
  expect(found.length).toBeGreaterThan(0);
  for (const { coordinate, reason } of found) {
    expect({ coordinate, reason }).toEqual({ coordinate, reason: expect.stringMatching(/`[^`]+`.*Removed after \d{4}-\d{2}-\d{2}\.$/) });
    const removal = new Date(/Removed after (\d{4}-\d{2}-\d{2})\./.exec(reason)![1]!);
    // Listed with the day it was deprecated, which starts the period.
    const entry = changelog.split(/^## /m).find((section) => section.includes(`\`${coordinate}\``));
    expect({ coordinate, listed: Boolean(entry) }).toEqual({ coordinate, listed: true });
    const deprecatedOn = new Date(/^(\d{4}-\d{2}-\d{2})/.exec(entry!)![1]!);
    expect((removal.getTime() - deprecatedOn.getTime()) / 86_400_000).toBeGreaterThanOrEqual(MIN_DEPRECATION_DAYS);
  }
});

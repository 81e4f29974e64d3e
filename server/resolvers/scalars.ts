import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { AppError } from '../domain/errors';

const invalid = (type: string, hint: string) => new AppError('BAD_USER_INPUT', `Invalid ${type}: ${hint}`);

function parseInstant(value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw invalid('DateTime', 'use ISO 8601 with a time zone, e.g. 2018-09-27T14:00:00Z');
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw invalid('DateTime', `${value} is not a real instant`);
  return d;
}

export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  // Values come as Date from rows and as strings from JSON built by PostgreSQL; both leave as UTC ISO.
  serialize: (v) => (v instanceof Date ? v : new Date(v as string)).toISOString(),
  parseValue: parseInstant,
  parseLiteral: (ast) => parseInstant(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseDay(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw invalid('Date', 'use YYYY-MM-DD');
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || !d.toISOString().startsWith(value)) throw invalid('Date', `${value} is not a real day`);
  return value;
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  serialize: (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v)),
  parseValue: parseDay,
  parseLiteral: (ast) => parseDay(ast.kind === Kind.STRING ? ast.value : undefined),
});

function literal(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.LIST:
      return ast.values.map(literal);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value)]));
    default:
      return null;
  }
}

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: literal,
});

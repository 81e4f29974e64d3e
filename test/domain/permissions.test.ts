import { isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { PERMISSIONS, permits, ruleFor, type Rule } from '../../server/domain/permissions';
import type { Viewer } from '../../server/domain/viewer';
import { ROLES, type Role } from '../../server/domain/vocabulary';
import { WORKFLOW, type ClaimAction } from '../../server/domain/workflow';
import { buildSchema } from '../../server/resolvers';

let schema: GraphQLSchema;
beforeAll(() => {
  schema = buildSchema();
});

const objectTypes = (): GraphQLObjectType[] =>
  Object.values(schema.getTypeMap()).filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__'));

const fieldsOf = (typeName: string): string[] => {
  const type = schema.getType(typeName);
  return type && isObjectType(type) ? Object.keys(type.getFields()) : [];
};

describe('every field of the schema has a permission rule', () => {
  test('every field of every object type has a rule (its own or its type default)', () => {
    const missing = objectTypes().flatMap((t) =>
      Object.keys(t.getFields())
        .filter((f) => ruleFor(t.name, f) === undefined)
        .map((f) => `${t.name}.${f}`),
    );
    expect(missing).toEqual([]);
  });

  test.each(['Query', 'Mutation'])('every %s field has its own explicit entry, with no type-wide default', (root) => {
    const rules = PERMISSIONS[root]!;
    expect(rules['*']).toBeUndefined();
    const fields = fieldsOf(root);
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.filter((f) => !Object.hasOwn(rules, f))).toEqual([]);
  });

  test('the table names no type that is not an object type of the schema', () => {
    const types = new Set(objectTypes().map((t) => t.name));
    expect(Object.keys(PERMISSIONS).filter((t) => !types.has(t))).toEqual([]);
  });

  test('the table has no stale entries for fields that no longer exist', () => {
    const stale = Object.entries(PERMISSIONS).flatMap(([typeName, rules]) => {
      const fields = new Set(fieldsOf(typeName));
      return Object.keys(rules)
        .filter((f) => f !== '*' && !fields.has(f))
        .map((f) => `${typeName}.${f}`);
    });
    expect(stale).toEqual([]);
  });

  test('the API contract operations of DESIGN.md exist and none is public by accident', () => {
    const publicQueries = ['claims', 'claim', 'actors', 'actor', 'sources', 'source', 'me', 'stats'];
    for (const q of publicQueries) expect(PERMISSIONS.Query![q]).toBe('PUBLIC');
    const publicMutations = Object.entries(PERMISSIONS.Mutation!)
      .filter(([, rule]) => rule === 'PUBLIC')
      .map(([f]) => f)
      .sort();
    expect(publicMutations).toEqual(['login', 'logout']);
    expect(PERMISSIONS.Query!.auditLog).toBe('AUDIT');
    for (const q of ['users', 'apiKeys']) expect(PERMISSIONS.Query![q]).toBe('ADMIN');
  });

  test('internal fields are hidden from public readers: drafts’ notes, reviewers, e-mail addresses', () => {
    for (const [type, field] of [
      ['Claim', 'internalNote'],
      ['Claim', 'proposedBy'],
      ['Claim', 'approvedBy'],
      ['Claim', 'assignee'],
      ['Claim', 'createdBy'],
      ['Claim', 'history'],
      ['Evidence', 'note'],
      ['Evidence', 'addedBy'],
      ['User', 'email'],
    ] as const) {
      expect(fieldsOf(type)).toContain(field);
      expect(ruleFor(type, field)).not.toBe('PUBLIC');
    }
    expect(ruleFor('User', 'email')).toBe('SELF_OR_ADMIN');
  });
});

const staff = (role: Role, userId = `user-${role}`): Viewer => ({ kind: 'user', userId, role, displayName: role, sessionId: null });
const rolesPermittedBy = (rule: Rule) => ROLES.filter((r) => permits(rule, staff(r))).sort();

describe('workflow mutations agree with the workflow table', () => {
  const MUTATION_ACTIONS: [mutation: string, actions: ClaimAction[]][] = [
    ['updateClaim', ['UPDATE', 'ANNOTATE']],
    ['submitClaim', ['SUBMIT']],
    ['proposeVerdict', ['PROPOSE_VERDICT']],
    ['approveVerdict', ['APPROVE']],
    ['rejectVerdict', ['REJECT']],
    ['reopenClaim', ['REOPEN']],
    ['archiveClaim', ['ARCHIVE']],
    ['restoreClaim', ['RESTORE']],
    ['assignClaim', ['ASSIGN']],
    ['addEvidence', ['EDIT_EVIDENCE']],
    ['updateEvidence', ['EDIT_EVIDENCE']],
    ['removeEvidence', ['EDIT_EVIDENCE']],
    ['openDispute', ['OPEN_DISPUTE']],
  ];

  test.each(MUTATION_ACTIONS)('%s lets in exactly the roles WORKFLOW allows for %j', (mutation, actions) => {
    const rule = PERMISSIONS.Mutation![mutation]!;
    expect(rule).toBeDefined();
    for (const action of actions) expect(rolesPermittedBy(rule)).toEqual([...WORKFLOW[action].roles].sort());
  });

  test('approveVerdict is DESK, and APPROVE is for editors and admins only', () => {
    expect(PERMISSIONS.Mutation!.approveVerdict).toBe('DESK');
    expect([...WORKFLOW.APPROVE.roles].sort()).toEqual(['ADMIN', 'EDITOR']);
  });

  test('restoreClaim is ADMIN only, in both tables', () => {
    expect(PERMISSIONS.Mutation!.restoreClaim).toBe('ADMIN');
    expect(WORKFLOW.RESTORE.roles).toEqual(['ADMIN']);
  });

  test('resolving a dispute is for the desk; withdrawing is for writers', () => {
    expect(rolesPermittedBy(PERMISSIONS.Mutation!.resolveDispute!)).toEqual(['ADMIN', 'EDITOR']);
    expect(rolesPermittedBy(PERMISSIONS.Mutation!.withdrawDispute!)).toEqual(['ADMIN', 'EDITOR', 'FACT_CHECKER']);
  });

  test('an auditor may call no mutation but login, logout, recordCheckpoint (which signs what is there and changes nothing) and their own UI language', () => {
    const auditor = staff('AUDITOR');
    const allowed = Object.entries(PERMISSIONS.Mutation!)
      .filter(([, rule]) => permits(rule, auditor))
      .map(([f]) => f)
      .sort();
    expect(allowed).toEqual(['login', 'logout', 'recordCheckpoint', 'updateMyPreferences']);
  });
});

describe('permits(): every rule × every kind of viewer', () => {
  const VIEWERS: Record<string, Viewer> = {
    anonymous: { kind: 'public', apiKeyId: null },
    apiKey: { kind: 'public', apiKeyId: 'key-1' },
    FACT_CHECKER: staff('FACT_CHECKER'),
    EDITOR: staff('EDITOR'),
    AUDITOR: staff('AUDITOR'),
    ADMIN: staff('ADMIN'),
  };
  //                          anonymous apiKey FACT_CHECKER EDITOR AUDITOR ADMIN
  const TRUTH: Record<Exclude<Rule, 'SELF_OR_ADMIN'>, boolean[]> = {
    PUBLIC: /*            */ [true, true, true, true, true, true],
    STAFF: /*             */ [false, false, true, true, true, true],
    WRITER: /*            */ [false, false, true, true, false, true],
    DESK: /*              */ [false, false, false, true, false, true],
    AUDIT: /*             */ [false, false, false, false, true, true],
    ADMIN: /*             */ [false, false, false, false, false, true],
  };
  const names = Object.keys(VIEWERS);
  const cases = Object.entries(TRUTH).flatMap(([rule, row]) =>
    names.map((name, i) => [rule as Rule, name, row[i]!] as const),
  );

  test.each(cases)('%s for %s → %p', (rule, name, expected) => {
    expect(permits(rule, VIEWERS[name]!)).toBe(expected);
  });

  const SELF: [viewer: string, subject: 'self' | 'other' | 'none', expected: boolean][] = [
    ['anonymous', 'other', false],
    ['anonymous', 'none', false],
    ['apiKey', 'other', false],
    ...(['FACT_CHECKER', 'EDITOR', 'AUDITOR'] as const).flatMap((r) => [
      [r, 'self', true] as [string, 'self', boolean],
      [r, 'other', false] as [string, 'other', boolean],
      [r, 'none', false] as [string, 'none', boolean],
    ]),
    ['ADMIN', 'self', true],
    ['ADMIN', 'other', true],
    ['ADMIN', 'none', true],
  ];

  test.each(SELF)('SELF_OR_ADMIN for %s about %s subject → %p', (name, subject, expected) => {
    const viewer = VIEWERS[name]!;
    const subjectValue =
      subject === 'none' ? undefined : { id: subject === 'self' && viewer.kind === 'user' ? viewer.userId : 'someone-else' };
    expect(permits('SELF_OR_ADMIN', viewer, subjectValue)).toBe(expected);
  });

  test('SELF_OR_ADMIN never matches a subject without an id', () => {
    expect(permits('SELF_OR_ADMIN', staff('EDITOR'), {})).toBe(false);
  });

  test('the truth table covers every rule the permission table uses', () => {
    const used = new Set(Object.values(PERMISSIONS).flatMap((r) => Object.values(r)));
    for (const rule of used) expect([...Object.keys(TRUTH), 'SELF_OR_ADMIN']).toContain(rule);
  });
});

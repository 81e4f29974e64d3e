import type { z } from 'zod';
import { AppError } from '../../server/domain/errors';
import {
  addEvidenceInput,
  apiKeyInput,
  createActorInput,
  createClaimInput,
  createSourceInput,
  createUserInput,
  loginInput,
  openDisputeInput,
  optionalReasonInput,
  parseInput,
  reasonInput,
  resolveDisputeInput,
  updateActorInput,
  updateClaimInput,
  updateEvidenceInput,
  updateSourceInput,
  updateUserInput,
  verdictInput,
} from '../../server/domain/validation';

const ACTOR_ID = '3f0c9a52-5b7e-4a0e-9d55-1c2f6b8e7a10';
const SOURCE_ID = '9b1d3c4e-0000-4000-8000-000000000001';
const CLAIM_TEXT = "North Korea's 2018 refined-petroleum imports exceeded the UN cap of 500,000 barrels";

/** Parses and expects a BAD_USER_INPUT naming `field`; returns the error for further checks. */
function refused(schema: z.ZodType, input: unknown, field: string, prefix?: string): AppError {
  let error: unknown;
  try {
    parseInput(schema, input, prefix);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code).toBe('BAD_USER_INPUT');
  expect(appError.details.field).toBe(field);
  expect(appError.message.startsWith(`${field}: `)).toBe(true);
  return appError;
}

describe('claims', () => {
  test('a full claim passes; text and context are trimmed, empty optional text becomes null', () => {
    const parsed = parseInput(createClaimInput, {
      text: `  ${CLAIM_TEXT}\n`,
      quote: '   ',
      claimantId: ACTOR_ID,
      firstAppearanceId: SOURCE_ID,
      claimedOn: '2018-09-27',
      context: ' UN Security Council meeting, New York ',
      topics: ['North Korea', 'Sanctions'],
      language: 'en',
      attributionStatus: 'VERIFIED',
      internalNote: 'Line 1\n\tLine 2',
    });
    expect(parsed).toMatchObject({
      text: CLAIM_TEXT,
      quote: null,
      claimedOn: '2018-09-27',
      context: 'UN Security Council meeting, New York',
      internalNote: 'Line 1\n\tLine 2',
    });
  });

  test('only text is required to create a claim', () => {
    expect(parseInput(createClaimInput, { text: CLAIM_TEXT })).toEqual({ text: CLAIM_TEXT });
  });

  test('topics become (slug, name) pairs, one per slug (topicSlug.test.ts has the rule)', () => {
    const parsed = parseInput(createClaimInput, {
      text: CLAIM_TEXT,
      topics: ['North Korea', ' north   korea ', 'ＳＡＮＣＴＩＯＮＳ', 'Sanctions', 'Économie', 'العقوبات', 'Sanctions (العقوبات)'],
    });
    expect(parsed.topics?.map(([slug]) => slug)).toEqual(['north-korea', 'sanctions', 'économie', 'العقوبات', 'sanctions-العقوبات']);
    expect(parsed.topics?.[1]).toEqual(['sanctions', 'Sanctions']);
    expect(parsed.topics?.[2]).toEqual(['économie', 'Économie']);
  });

  test.each([
    ['text too short (after trimming)', { text: '  too short ' }, 'input.text'],
    ['text missing', {}, 'input.text'],
    ['text with a NUL character', { text: `${CLAIM_TEXT}\u0000` }, 'input.text'],
    ['text with a control character', { text: `${CLAIM_TEXT}\u0007` }, 'input.text'],
    ['text with DEL', { text: `${CLAIM_TEXT}\u007f` }, 'input.text'],
    ['text too long', { text: 'x'.repeat(1001) }, 'input.text'],
    ['quote with a NUL character', { text: CLAIM_TEXT, quote: 'said \u0000 it' }, 'input.quote'],
    ['a future claimedOn', { text: CLAIM_TEXT, claimedOn: '2999-01-01' }, 'input.claimedOn'],
    ['an impossible date', { text: CLAIM_TEXT, claimedOn: '2018-02-30' }, 'input.claimedOn'],
    ['a date that is not YYYY-MM-DD', { text: CLAIM_TEXT, claimedOn: '27/09/2018' }, 'input.claimedOn'],
    ['a date before 1800', { text: CLAIM_TEXT, claimedOn: '1799-12-31' }, 'input.claimedOn'],
    ['a claimant id that is not a uuid', { text: CLAIM_TEXT, claimantId: 'pompeo' }, 'input.claimantId'],
    ['a language that is not a BCP 47 tag', { text: CLAIM_TEXT, language: 'English' }, 'input.language'],
    ['an unknown attribution status', { text: CLAIM_TEXT, attributionStatus: 'PROBABLY' }, 'input.attributionStatus'],
    ['a topic with no letters or digits', { text: CLAIM_TEXT, topics: ['!!!'] }, 'input.topics'],
    ['more than 20 topics', { text: CLAIM_TEXT, topics: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'input.topics'],
  ])('createClaim refuses %s', (_what, input, field) => {
    refused(createClaimInput, input, field);
  });

  test('2018-02-28 and a leap day are real dates', () => {
    expect(parseInput(createClaimInput, { text: CLAIM_TEXT, claimedOn: '2016-02-29' }).claimedOn).toBe('2016-02-29');
    refused(createClaimInput, { text: CLAIM_TEXT, claimedOn: '2018-02-29' }, 'input.claimedOn');
  });

  test('updateClaim takes any subset of fields, validated the same way', () => {
    expect(parseInput(updateClaimInput, { context: '  at the UN  ' })).toEqual({ context: 'at the UN' });
    expect(parseInput(updateClaimInput, { quote: null })).toEqual({ quote: null });
    refused(updateClaimInput, { text: null }, 'input.text');
    refused(updateClaimInput, { claimedOn: '2018-13-01' }, 'input.claimedOn');
  });

  test('all invalid fields are listed in details.issues, the first one in details.field', () => {
    const error = refused(createClaimInput, { text: 'short', language: 'English' }, 'input.text');
    expect((error.details.issues as { field: string }[]).map((i) => i.field)).toEqual(['input.text', 'input.language']);
  });

  test('a prefix of "" names the field alone', () => {
    refused(verdictInput, { verdict: 'FALSE', rationale: 'no' }, 'rationale', '');
  });
});

describe('verdicts and reasons', () => {
  test('a verdict with a rationale passes, rationale trimmed', () => {
    expect(parseInput(verdictInput, { verdict: 'MOSTLY_FALSE', rationale: '  UN panel report, para 12.  ' })).toEqual({
      verdict: 'MOSTLY_FALSE',
      rationale: 'UN panel report, para 12.',
    });
  });

  test.each([
    [{ verdict: 'WRONG', rationale: 'UN panel report, para 12.' }, 'input.verdict'],
    [{ verdict: 'FALSE', rationale: 'too short' }, 'input.rationale'],
  ])('verdict input %j is refused', (input, field) => {
    refused(verdictInput, input, field);
  });

  test('a reason needs 3 characters; an optional reason may be empty', () => {
    expect(parseInput(reasonInput, { reason: ' typo ' })).toEqual({ reason: 'typo' });
    refused(reasonInput, { reason: ' x ' }, 'input.reason');
    expect(parseInput(optionalReasonInput, { reason: '   ' })).toEqual({ reason: null });
    refused(optionalReasonInput, { reason: 'bad\u0000' }, 'input.reason');
  });
});

describe('evidence', () => {
  test('evidence with a URL passes; the URL is trimmed and keeps its fragment (where in the source to look)', () => {
    const parsed = parseInput(addEvidenceInput, {
      url: '  https://www.un.org/securitycouncil/sanctions/1718/panel_experts/reports#para-12 ',
      stance: 'REFUTES',
      reliability: 5,
      excerpt: ' imports exceeded the cap ',
    });
    expect(parsed).toEqual({
      url: 'https://www.un.org/securitycouncil/sanctions/1718/panel_experts/reports#para-12',
      stance: 'REFUTES',
      reliability: 5,
      excerpt: 'imports exceeded the cap',
    });
  });

  test('evidence with a sourceId and no url passes', () => {
    expect(parseInput(addEvidenceInput, { sourceId: SOURCE_ID, stance: 'CONTEXT', reliability: 1 }).sourceId).toBe(SOURCE_ID);
  });

  test.each([
    ['reliability 0', { url: 'https://example.org/a', stance: 'SUPPORTS', reliability: 0 }, 'input.reliability'],
    ['reliability 6', { url: 'https://example.org/a', stance: 'SUPPORTS', reliability: 6 }, 'input.reliability'],
    ['reliability 2.5', { url: 'https://example.org/a', stance: 'SUPPORTS', reliability: 2.5 }, 'input.reliability'],
    ['neither sourceId nor url', { stance: 'SUPPORTS', reliability: 3 }, 'input.url'],
    ['null sourceId and url', { sourceId: null, url: null, stance: 'SUPPORTS', reliability: 3 }, 'input.url'],
    ['a url that is not http(s)', { url: 'ftp://example.org/a', stance: 'SUPPORTS', reliability: 3 }, 'input.url'],
    ['a url without a host', { url: 'http://', stance: 'SUPPORTS', reliability: 3 }, 'input.url'],
    ['a javascript: url', { url: 'javascript:alert(1)', stance: 'SUPPORTS', reliability: 3 }, 'input.url'],
    ['an unknown stance', { url: 'https://example.org/a', stance: 'AGREES', reliability: 3 }, 'input.stance'],
    ['a note with a control character', { url: 'https://example.org/a', stance: 'SUPPORTS', reliability: 3, note: 'a\u001bb' }, 'input.note'],
  ])('addEvidence refuses %s', (_what, input, field) => {
    refused(addEvidenceInput, input, field);
  });

  test('updateEvidence checks only what is sent', () => {
    expect(parseInput(updateEvidenceInput, { reliability: 4 })).toEqual({ reliability: 4 });
    refused(updateEvidenceInput, { reliability: 0 }, 'input.reliability');
    expect(parseInput(updateEvidenceInput, { url: 'https://example.org/x#y' })).toEqual({ url: 'https://example.org/x#y' });
  });
});

describe('actors', () => {
  test('an actor passes; country is upper-cased, aliases de-duplicated, name trimmed', () => {
    expect(
      parseInput(createActorInput, {
        name: ' Ri Yong Ho ',
        kind: 'PERSON',
        title: 'Foreign Minister of North Korea',
        country: 'kp',
        aliases: ['Ri Hong Yo', 'Ri Hong Yo', 'Ri Yong-ho'],
        wikidataId: 'Q473239',
      }),
    ).toEqual({
      name: 'Ri Yong Ho',
      kind: 'PERSON',
      title: 'Foreign Minister of North Korea',
      country: 'KP',
      aliases: ['Ri Hong Yo', 'Ri Yong-ho'],
      wikidataId: 'Q473239',
    });
  });

  test.each([
    ['an empty name', { name: '   ', kind: 'PERSON' }, 'input.name'],
    ['an unknown kind', { name: 'Pompeo', kind: 'ROBOT' }, 'input.kind'],
    ['a three-letter country', { name: 'Pompeo', kind: 'PERSON', country: 'USA' }, 'input.country'],
    ['a country with a digit', { name: 'Pompeo', kind: 'PERSON', country: 'U1' }, 'input.country'],
    ['a property id as wikidata id', { name: 'Pompeo', kind: 'PERSON', wikidataId: 'P31' }, 'input.wikidataId'],
    ['a lower-case wikidata id', { name: 'Pompeo', kind: 'PERSON', wikidataId: 'q473239' }, 'input.wikidataId'],
    ['wikidata id Q0', { name: 'Pompeo', kind: 'PERSON', wikidataId: 'Q0' }, 'input.wikidataId'],
    ['an empty alias', { name: 'Pompeo', kind: 'PERSON', aliases: ['Mike', ' '] }, 'input.aliases.1'],
  ])('createActor refuses %s', (_what, input, field) => {
    refused(createActorInput, input, field);
  });

  test('updateActor checks only what is sent', () => {
    expect(parseInput(updateActorInput, { country: 'us' })).toEqual({ country: 'US' });
    refused(updateActorInput, { wikidataId: 'Q-1' }, 'input.wikidataId');
  });
});

describe('sources', () => {
  test('a source passes; its URL loses the fragment, kind and dates kept', () => {
    expect(
      parseInput(createSourceInput, {
        title: ' Remarks at the UN Security Council ',
        url: 'https://www.state.gov/remarks#top',
        publishedOn: '2018-09-27',
        kind: 'TRANSCRIPT',
      }),
    ).toEqual({
      title: 'Remarks at the UN Security Council',
      url: 'https://www.state.gov/remarks',
      publishedOn: '2018-09-27',
      kind: 'TRANSCRIPT',
    });
  });

  test.each([
    ['an empty title', { title: '' }, 'input.title'],
    ['a relative url', { title: 'Remarks', url: '/remarks' }, 'input.url'],
    ['an impossible publishedOn', { title: 'Remarks', publishedOn: '2018-02-30' }, 'input.publishedOn'],
    ['an unknown kind', { title: 'Remarks', kind: 'PODCAST' }, 'input.kind'],
  ])('createSource refuses %s', (_what, input, field) => {
    refused(createSourceInput, input, field);
  });

  test('updateSource may clear the url', () => {
    expect(parseInput(updateSourceInput, { url: null })).toEqual({ url: null });
    refused(updateSourceInput, { url: 'not a url' }, 'input.url');
  });
});

describe('disputes', () => {
  test('a dispute passes, trimmed, empty optionals become null', () => {
    expect(parseInput(openDisputeInput, { reason: ' The quote is cut. ', counterEvidence: '  ', raisedByName: ' KCNA ' })).toEqual({
      reason: 'The quote is cut.',
      counterEvidence: null,
      raisedByName: 'KCNA',
    });
  });

  test.each([
    [openDisputeInput, { reason: 'no' }, 'input.reason'],
    [openDisputeInput, { reason: 'The quote is cut.', raisedByName: 'K\u0000' }, 'input.raisedByName'],
    [resolveDisputeInput, { outcome: 'WITHDRAWN', note: 'Not a resolution' }, 'input.outcome'],
    [resolveDisputeInput, { outcome: 'UPHELD', note: '' }, 'input.note'],
  ] as [z.ZodType, unknown, string][])('dispute input %#: %j is refused naming %s', (schema, input, field) => {
    refused(schema, input, field);
  });
});

describe('users and keys', () => {
  test('a user passes; the e-mail is trimmed and lower-cased', () => {
    expect(
      parseInput(createUserInput, { email: ' Fran@Example.ORG ', displayName: 'Fran Checker', role: 'FACT_CHECKER', password: 'correct horse battery' }),
    ).toEqual({ email: 'fran@example.org', displayName: 'Fran Checker', role: 'FACT_CHECKER', password: 'correct horse battery' });
  });

  test.each([
    ['a short password', { email: 'a@example.org', displayName: 'A', role: 'EDITOR', password: 'short' }, 'input.password'],
    ['a bad e-mail', { email: 'not-an-email', displayName: 'A', role: 'EDITOR', password: 'correct horse battery' }, 'input.email'],
    ['an unknown role', { email: 'a@example.org', displayName: 'A', role: 'OWNER', password: 'correct horse battery' }, 'input.role'],
    ['an empty display name', { email: 'a@example.org', displayName: ' ', role: 'EDITOR', password: 'correct horse battery' }, 'input.displayName'],
  ])('createUser refuses %s', (_what, input, field) => {
    refused(createUserInput, input, field);
  });

  test('updateUser checks only what is sent, including a new password', () => {
    expect(parseInput(updateUserInput, { active: false })).toEqual({ active: false });
    refused(updateUserInput, { password: 'elevenchars' }, 'input.password');
  });

  test('login accepts any strings up to the limits (no hints about the rules)', () => {
    expect(parseInput(loginInput, { email: 'x', password: 'y' })).toEqual({ email: 'x', password: 'y' });
    refused(loginInput, { email: 'x', password: 'y'.repeat(201) }, 'input.password');
  });

  test('an API key needs a name', () => {
    expect(parseInput(apiKeyInput, { name: ' Newsroom app ' })).toEqual({ name: 'Newsroom app' });
    refused(apiKeyInput, { name: '' }, 'input.name');
  });
});

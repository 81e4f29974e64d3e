import { decide, quotaRefusal, quotaSubject, rateLimitHeaders, windowOf } from '../../server/domain/quotas';

const limits = { requests: 10, cost: 5000 };
// 30 s into a 60-second window.
const now = 1_764_748_830_000;

describe('decide', () => {
  test.each([
    // used, charge, admitted, remaining after
    [{ requests: 0, cost: 0 }, { requests: 1, cost: 1203 }, true, { requests: 9, cost: 3797 }],
    [{ requests: 9, cost: 0 }, { requests: 1, cost: 1 }, true, { requests: 0, cost: 4999 }],
    [{ requests: 10, cost: 0 }, { requests: 1, cost: 1 }, false, { requests: 0, cost: 5000 }],
    [{ requests: 2, cost: 4000 }, { requests: 1, cost: 1001 }, false, { requests: 8, cost: 1000 }],
    [{ requests: 2, cost: 4000 }, { requests: 1, cost: 1000 }, true, { requests: 7, cost: 0 }],
    // Counted after the fact beyond the limit: never below zero.
    [{ requests: 12, cost: 6000 }, { requests: 0, cost: 0 }, false, { requests: 0, cost: 0 }],
  ])('used %j, charged %j: admitted %s, remaining %j', (used, charge, admitted, remaining) => {
    const d = decide(used, charge, limits, now, 60);
    expect(d).toEqual({ admitted, limits, remaining, resetSeconds: 30, windowSeconds: 60 });
  });

  test('windows are aligned to the clock, so every process counts the same one', () => {
    expect(windowOf(now, 60)).toBe(Math.floor(now / 60_000));
    expect(windowOf(now + 29_999, 60)).toBe(windowOf(now, 60));
    expect(windowOf(now + 30_000, 60)).toBe(windowOf(now, 60) + 1);
    expect(decide({ requests: 0, cost: 0 }, { requests: 1, cost: 1 }, limits, now + 29_999, 60).resetSeconds).toBe(1);
  });
});

test('headers follow draft-ietf-httpapi-ratelimit-headers-10; a refusal adds Retry-After', () => {
  const ok = decide({ requests: 3, cost: 100 }, { requests: 1, cost: 50 }, limits, now, 60);
  expect(rateLimitHeaders(ok)).toEqual({
    'RateLimit-Policy': '"requests";q=10;w=60, "cost";q=5000;w=60',
    RateLimit: '"requests";r=6;t=30, "cost";r=4850;t=30',
  });
  const refused = decide({ requests: 10, cost: 100 }, { requests: 1, cost: 50 }, limits, now, 60);
  expect(rateLimitHeaders(refused)).toMatchObject({ 'Retry-After': '30', RateLimit: '"requests";r=0;t=30, "cost";r=4900;t=30' });
  expect(quotaRefusal(refused, { requests: 1, cost: 50 })).toEqual({
    message: 'Quota used up: 10 requests per 60 s. Retry in 30 s (RateLimit headers say what is left).',
    retryAfter: 30,
  });
});

test.each([
  [{ kind: 'public', apiKeyId: 'k1' }, '203.0.113.9', { subject: 'key:k1', kind: 'apiKey' }],
  [{ kind: 'public', apiKeyId: null }, '203.0.113.9', { subject: 'address:203.0.113.9', kind: 'anonymous' }],
  [{ kind: 'public', apiKeyId: null }, '::ffff:203.0.113.9', { subject: 'address:203.0.113.9', kind: 'anonymous' }],
  // One subscriber commonly holds a whole /64.
  [{ kind: 'public', apiKeyId: null }, '2001:db8:1:2:3:4:5:6', { subject: 'address:2001:db8:1:2::/64', kind: 'anonymous' }],
  [{ kind: 'user', userId: 'u', role: 'EDITOR', displayName: 'E', sessionId: 's' }, '203.0.113.9', null],
] as const)('quota subject of %j from %s', (viewer, address, subject) => {
  expect(quotaSubject(viewer, address)).toEqual(subject);
});

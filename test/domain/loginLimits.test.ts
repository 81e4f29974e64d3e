import {
  countersToLock,
  fullCounters,
  loginAddress,
  loginKeys,
  loginLimits,
  loginRefusal,
  type CounterState,
  type LoginCounter,
} from '../../server/domain/loginLimits';

/** The failed-login limits' pure rules: address keys, which counter is full, which one refuses. */

const limits = loginLimits({ maxFailures: 5, lockMinutes: 15, addressMaxFailures: 100, accountMaxFailures: 50 });

const counts = (accountAtAddress: number, address: number, account: number): Record<LoginCounter, CounterState> => ({
  accountAtAddress: { failures: accountAtAddress, msBeforeReset: 900_000 },
  address: { failures: address, msBeforeReset: 3_600_000 },
  account: { failures: account, msBeforeReset: 7_200_500 },
});

test('the settings become three counters: a lock for the pair, daily windows for address and account', () => {
  expect(limits).toEqual({
    accountAtAddress: { points: 5, windowSeconds: 86400, lockSeconds: 900 },
    address: { points: 100, windowSeconds: 86400, lockSeconds: null },
    account: { points: 50, windowSeconds: 86400, lockSeconds: null },
  });
});

test.each([
  ['an IPv4 address', '203.0.113.7', '203.0.113.7'],
  ['an IPv4-mapped IPv6 address', '::ffff:203.0.113.7', '203.0.113.7'],
  ['the IPv6 loopback', '::1', '0:0:0:0::/64'],
  ['an IPv6 address: its /64', '2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3:8d3::/64'],
  ['another address in the same /64', '2001:db8:85a3:8d3::1', '2001:db8:85a3:8d3::/64'],
  ['a compressed middle', '2001:db8::8a2e:370:7334', '2001:db8:0:0::/64'],
  ['leading zeros and capitals', '2001:0DB8:0000:0042::1', '2001:db8:0:42::/64'],
  ['a zone id', 'fe80::1%eth0', 'fe80:0:0:0::/64'],
  ['an embedded IPv4 tail', '::1:2:3:4:1.2.3.4', '0:0:1:2::/64'],
  ['anything else, as given', 'unknown', 'unknown'],
])('loginAddress keys %s', (_what, ip, key) => {
  expect(loginAddress(ip)).toBe(key);
});

test('keys: the account is a digest of the lower-cased e-mail, never the e-mail itself', () => {
  const keys = loginKeys('Admin@Newsroom.test ', '203.0.113.7');
  expect(keys).toEqual(loginKeys('admin@newsroom.test', '203.0.113.7'));
  expect(keys.account).toMatch(/^[0-9a-f]{64}$/);
  expect(keys.accountAtAddress).toBe(`${keys.account} 203.0.113.7`);
  expect(keys.address).toBe('203.0.113.7');
  expect(JSON.stringify(keys)).not.toMatch(/admin|newsroom/i);
});

test.each([
  // [pair, address, account failures], pending, full counters
  [[0, 0, 0], 0, []],
  [[4, 99, 49], 0, []],
  [[5, 0, 0], 0, ['accountAtAddress']],
  [[6, 0, 0], 0, ['accountAtAddress']],
  [[0, 100, 0], 0, ['address']],
  [[0, 0, 50], 0, ['account']],
  [[5, 100, 50], 0, ['accountAtAddress', 'address', 'account']],
  // Counts that include this attempt's own reservation.
  [[5, 100, 50], 1, []],
  [[6, 101, 51], 1, ['accountAtAddress', 'address', 'account']],
] as [[number, number, number], 0 | 1, LoginCounter[]][])('with failures %j (pending %d) the full counters are %j', (c, pending, full) => {
  expect(fullCounters(counts(...c), limits, pending)).toEqual(full);
});

test('a failure that fills the pair counter locks it; the daily counters never lock', () => {
  expect(countersToLock(counts(4, 100, 50), limits)).toEqual([]);
  expect(countersToLock(counts(5, 100, 50), limits)).toEqual(['accountAtAddress']);
});

test.each([
  // full counters, usual address, refusing counter, retryAfter
  [[], false, null, null],
  [['account'], true, null, null],
  [['account'], false, 'account', 7201],
  [['accountAtAddress', 'account'], true, 'accountAtAddress', 900],
  [['address', 'account'], true, 'address', 3600],
  [['address'], true, 'address', 3600],
] as [LoginCounter[], boolean, LoginCounter | null, number | null][])(
  'full %j, usual address %s: refused by %s',
  (full, usual, counter, retryAfter) => {
    const refusal = loginRefusal(full, counts(0, 0, 0), usual);
    expect(refusal?.counter ?? null).toBe(counter);
    expect(refusal?.retryAfter ?? null).toBe(retryAfter);
    if (refusal) expect(refusal.message).toContain(`${retryAfter} seconds`);
  },
);

test('a refusal asks the client to wait at least a second', () => {
  const lapsing = { ...counts(0, 0, 0), accountAtAddress: { failures: 6, msBeforeReset: 0 } };
  expect(loginRefusal(['accountAtAddress'], lapsing, false)?.retryAfter).toBe(1);
});

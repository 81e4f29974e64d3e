import { isIPv4, isIPv6 } from 'node:net';
import { digest } from './secrets';

/**
 * Failed-login limits, keyed as OWASP recommends so that guessing is slow and yet a stranger
 * cannot lock a user out of the address they usually log in from:
 * - accountAtAddress: consecutive failures for one account from one address lock that pair for a
 *   while; a successful login clears them. This is the limit a user's own typos meet.
 * - address: failures from one address, whatever the accounts, per day (password spraying).
 * - account: failures for one account from any address, per day (a guesser with many addresses).
 *   Looser, and it never refuses an address the account logged in from before: it closes the
 *   account to new addresses only.
 * The counters live in PostgreSQL (login_limits), shared by every server process.
 */
export type LoginCounter = 'accountAtAddress' | 'address' | 'account';

/** In the order a refusal names them: the narrowest first. */
export const LOGIN_COUNTERS: readonly LoginCounter[] = ['accountAtAddress', 'address', 'account'];

/** One value per counter. */
export function byCounter<T>(value: (counter: LoginCounter, index: number) => T): Record<LoginCounter, T> {
  return Object.fromEntries(LOGIN_COUNTERS.map((c, i) => [c, value(c, i)])) as Record<LoginCounter, T>;
}

export interface LoginLimitSettings {
  maxFailures: number;
  lockMinutes: number;
  addressMaxFailures: number;
  accountMaxFailures: number;
}

export interface LoginLimit {
  /** Failures allowed before the counter refuses. */
  points: number;
  /** How long failures are remembered, counted from the first. */
  windowSeconds: number;
  /** Once full, refused this long from the last failure; null: until the window ends. */
  lockSeconds: number | null;
}

const DAY_SECONDS = 24 * 3600;

/** An address with a successful login to an account within this many days is one of its usual ones. */
export const USUAL_ADDRESS_DAYS = 90;

export function loginLimits(s: LoginLimitSettings): Record<LoginCounter, LoginLimit> {
  return {
    accountAtAddress: { points: s.maxFailures, windowSeconds: DAY_SECONDS, lockSeconds: s.lockMinutes * 60 },
    address: { points: s.addressMaxFailures, windowSeconds: DAY_SECONDS, lockSeconds: null },
    account: { points: s.accountMaxFailures, windowSeconds: DAY_SECONDS, lockSeconds: null },
  };
}

/**
 * The address as the limits count it: an IPv4-mapped IPv6 address as IPv4, any other IPv6 address
 * as its /64 network (one subscriber commonly holds a whole /64), anything else as given.
 */
export function loginAddress(ip: string): string {
  const address = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (!isIPv6(address)) return address.slice(0, 100);
  const [head, tail] = address.replace(/%.*$/, '').split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:0:1.2.3.4) stands for two groups.
  const width = (parts: string[]) => parts.length + (parts.at(-1)?.includes('.') ? 1 : 0);
  const groups = [...left, ...Array<string>(8 - width(left) - width(right)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * Each counter's key. The account is the SHA-256 of the lower-cased e-mail: whatever is typed into
 * the e-mail field (sometimes a password) is never stored.
 */
export function loginKeys(email: string, address: string): Record<LoginCounter, string> {
  const account = digest(email.trim().toLowerCase());
  return { accountAtAddress: `${account} ${address}`, address, account };
}

export interface CounterState {
  failures: number;
  msBeforeReset: number;
}

/**
 * The counters with no room for another failure. `pending` is 1 when the counts already include
 * this attempt's own reservation (counted before the password is checked).
 */
export function fullCounters(
  states: Record<LoginCounter, CounterState>,
  limits: Record<LoginCounter, LoginLimit>,
  pending: 0 | 1,
): LoginCounter[] {
  return LOGIN_COUNTERS.filter((c) => states[c].failures - pending >= limits[c].points);
}

/** After a failure: the counters that just filled up and lock for their lock time. */
export function countersToLock(states: Record<LoginCounter, CounterState>, limits: Record<LoginCounter, LoginLimit>): LoginCounter[] {
  return LOGIN_COUNTERS.filter((c) => limits[c].lockSeconds !== null && states[c].failures >= limits[c].points);
}

export interface LoginRefusal {
  counter: LoginCounter;
  retryAfter: number;
  message: string;
}

const MESSAGES: Record<LoginCounter, (seconds: number) => string> = {
  accountAtAddress: (s) => `Too many failed logins. Try again in ${s} seconds.`,
  address: (s) => `Too many failed logins from your address. Try again in ${s} seconds.`,
  account: (s) =>
    `Too many failed logins for this account today. Log in from a place you have logged in from before, or try again in ${s} seconds.`,
};

/** Whether this login is refused, and by which counter; the account-wide one spares usual addresses. */
export function loginRefusal(
  full: readonly LoginCounter[],
  states: Record<LoginCounter, CounterState>,
  usualAddress: boolean,
): LoginRefusal | null {
  const counter = full.find((c) => c !== 'account' || !usualAddress);
  if (!counter) return null;
  const retryAfter = Math.max(1, Math.ceil(states[counter].msBeforeReset / 1000));
  return { counter, retryAfter, message: MESSAGES[counter](retryAfter) };
}

import { loginAddress } from './loginLimits';
import type { Viewer } from './viewer';

/**
 * Quotas of the public API: each API key, and each address reading without one, may send so many
 * requests and spend so much query cost per window. Windows are fixed and aligned to the clock
 * (window n covers [n·w, (n+1)·w) seconds since the epoch), so every server process counts the
 * same window and their counts can be added up.
 */
export type QuotaPolicyName = 'requests' | 'cost';

export const QUOTA_POLICIES: readonly QuotaPolicyName[] = ['requests', 'cost'];

/** What one request uses of each policy. */
export type QuotaUsage = Record<QuotaPolicyName, number>;

export interface QuotaLimits {
  windowSeconds: number;
  apiKey: QuotaUsage;
  anonymous: QuotaUsage;
}

export interface QuotaSettings extends QuotaLimits {
  /** How often each process adds its counts to the shared ones and reads the others' back. */
  syncSeconds: number;
}

export interface QuotaDecision {
  admitted: boolean;
  limits: QuotaUsage;
  /** What is left of each policy in this window after this request (never below 0). */
  remaining: QuotaUsage;
  /** Whole seconds until the window ends and the quotas are full again. */
  resetSeconds: number;
  windowSeconds: number;
}

/**
 * Whose quota a request counts against: its API key, else its address (an IPv6 address by its /64,
 * as the failed-login limits count it). Logged-in staff have none: they are the newsroom.
 */
export function quotaSubject(viewer: Viewer, clientAddress: string): { subject: string; kind: 'apiKey' | 'anonymous' } | null {
  if (viewer.kind !== 'public') return null;
  if (viewer.apiKeyId) return { subject: `key:${viewer.apiKeyId}`, kind: 'apiKey' };
  return { subject: `address:${loginAddress(clientAddress)}`, kind: 'anonymous' };
}

export const windowOf = (nowMs: number, windowSeconds: number): number => Math.floor(nowMs / 1000 / windowSeconds);

/**
 * Admits a request when it fits in every policy given what the window has used so far; a refused
 * request uses nothing. A request costing more than a whole policy is refused for good (the
 * query's cost limit keeps that from happening with the default settings).
 */
export function decide(used: QuotaUsage, charge: QuotaUsage, limits: QuotaUsage, nowMs: number, windowSeconds: number): QuotaDecision {
  const admitted = QUOTA_POLICIES.every((p) => used[p] + charge[p] <= limits[p]);
  const after = (p: QuotaPolicyName) => Math.max(0, limits[p] - used[p] - (admitted ? charge[p] : 0));
  const windowEndMs = (windowOf(nowMs, windowSeconds) + 1) * windowSeconds * 1000;
  return {
    admitted,
    limits,
    remaining: { requests: after('requests'), cost: after('cost') },
    resetSeconds: Math.max(1, Math.ceil((windowEndMs - nowMs) / 1000)),
    windowSeconds,
  };
}

/**
 * The response headers of draft-ietf-httpapi-ratelimit-headers-10: `RateLimit-Policy` names each
 * quota (q: how much per window, w: the window in seconds) and `RateLimit` says what remains of it
 * (r) and in how many seconds it is full again (t). A refusal adds `Retry-After`.
 */
export function rateLimitHeaders(d: QuotaDecision): Record<string, string> {
  const headers: Record<string, string> = {
    'RateLimit-Policy': QUOTA_POLICIES.map((p) => `"${p}";q=${d.limits[p]};w=${d.windowSeconds}`).join(', '),
    RateLimit: QUOTA_POLICIES.map((p) => `"${p}";r=${d.remaining[p]};t=${d.resetSeconds}`).join(', '),
  };
  if (!d.admitted) headers['Retry-After'] = String(d.resetSeconds);
  return headers;
}

/** The refusal's words: which quota is spent, and when to come back. */
export function quotaRefusal(d: QuotaDecision, charge: QuotaUsage): { message: string; retryAfter: number } {
  const spent = QUOTA_POLICIES.filter((p) => charge[p] > d.remaining[p]);
  const what = spent.map((p) => (p === 'requests' ? `${d.limits.requests} requests` : `a query cost of ${d.limits.cost}`)).join(' and ');
  return {
    message: `Quota used up: ${what} per ${d.windowSeconds} s. Retry in ${d.resetSeconds} s (RateLimit headers say what is left).`,
    retryAfter: d.resetSeconds,
  };
}

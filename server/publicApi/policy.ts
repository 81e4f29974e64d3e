import { AppError } from '../domain/errors';
import { quotaRefusal, quotaSubject, rateLimitHeaders, type QuotaDecision } from '../domain/quotas';
import type { Viewer } from '../domain/viewer';
import type { QuotaService } from '../services/quotas';
import type { QueryCost } from './limits';

/**
 * What every public API response carries, whichever path answered it (Apollo, or the public fast
 * path): the quota charge and its RateLimit headers, and caching headers. One place, so the two
 * paths cannot drift apart.
 */
export interface PublicApiSettings {
  /** null: no quotas (QUOTAS_ENABLED=false). */
  quotas: QuotaService | null;
  /** max-age of cacheable public responses, in seconds. */
  cacheMaxAgeSeconds: number;
}

export interface Admission {
  decision: QuotaDecision | null;
  /** Set when the request is refused: answer 429 with this error. */
  refusal?: AppError;
}

export class PublicApiPolicy {
  constructor(private readonly settings: PublicApiSettings) {}

  /**
   * Charges a request to its API key's or address's quota: one request and the query's cost.
   * Refused (charging nothing) when it does not fit; with `enforce` false (an answer already
   * decided, such as an invalid query) it is counted and never refused.
   */
  async admit(viewer: Viewer, clientAddress: string, cost: QueryCost | null, enforce = true): Promise<Admission> {
    const quotas = this.settings.quotas;
    const who = quotas && quotaSubject(viewer, clientAddress);
    if (!quotas || !who) return { decision: null };
    const charge = { requests: 1, cost: cost?.requested ?? 0 };
    const decision = await quotas.charge(who.subject, who.kind, charge, enforce);
    if (decision.admitted) return { decision };
    const { message, retryAfter } = quotaRefusal(decision, charge);
    return { decision, refusal: new AppError('RATE_LIMITED', message, { retryAfter, quota: who.kind }) };
  }

  /**
   * The response's headers: RateLimit (when a quota applies) and Cache-Control. A public read by GET
   * (plain or persisted query) without errors may be cached by anyone for max-age; staff answers
   * never (`private, no-store`); everything else is not stored either. `Vary: Authorization`
   * keeps a cache from answering a logged-in request with a public copy.
   */
  headers(viewer: Viewer, decision: QuotaDecision | null, response: { method: string; isQuery: boolean; hasErrors: boolean }): Record<string, string> {
    const cacheable = viewer.kind === 'public' && response.method === 'GET' && response.isQuery && !response.hasErrors;
    return {
      ...(decision ? rateLimitHeaders(decision) : {}),
      'Cache-Control': viewer.kind !== 'public' ? 'private, no-store' : cacheable ? `public, max-age=${this.settings.cacheMaxAgeSeconds}` : 'no-store',
      Vary: 'Authorization',
    };
  }
}

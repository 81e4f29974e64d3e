import { print } from 'graphql';
import { LatestVerdictsDocument, type LatestVerdictsQuery, type LatestVerdictsQueryVariables } from './generated/graphql';

/**
 * A typed client in a few lines. The operation is written once, in latest-verdicts.graphql;
 * graphql-codegen turns it into a typed document (its text, result type and variables type), and
 * this sends it with fetch. Errors carry `extensions.code` (docs/client-guide.md, "Errors").
 */
export class ClaimLedgerError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** Seconds to wait before retrying (429 RATE_LIMITED, 503 SERVICE_UNAVAILABLE), else null. */
    readonly retryAfterSeconds: number | null,
  ) {
    super(message);
  }
}

const LATEST_VERDICTS = print(LatestVerdictsDocument);

export async function latestVerdicts(server: string, variables: LatestVerdictsQueryVariables, apiKey?: string): Promise<LatestVerdictsQuery> {
  const res = await fetch(`${server}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify({ query: LATEST_VERDICTS, operationName: 'LatestVerdicts', variables }),
  });
  const body = (await res.json()) as { data?: LatestVerdictsQuery; errors?: { message: string; extensions: { code: string } }[] };
  const error = body.errors?.[0];
  if (error) {
    const retryAfter = res.headers.get('retry-after');
    throw new ClaimLedgerError(error.message, error.extensions.code, retryAfter ? Number(retryAfter) : null);
  }
  return body.data!;
}

/** Every published verdict, newest first, page by page (cursor pagination). */
export async function* allVerdicts(server: string, apiKey?: string) {
  let after: string | null = null;
  for (;;) {
    const { claims }: LatestVerdictsQuery = await latestVerdicts(server, { first: 100, after }, apiKey);
    for (const edge of claims.edges) yield edge.node;
    if (!claims.pageInfo.hasNextPage) return;
    after = claims.pageInfo.endCursor;
  }
}

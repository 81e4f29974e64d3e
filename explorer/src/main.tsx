import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import { buildSchema } from 'graphql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

/**
 * GraphiQL, bundled from npm and served by the API itself (no CDN). The schema comes from
 * /schema.graphql rather than introspection, so the explorer works where introspection is off.
 * Queries go to /graphql on the same origin; a token or API key goes in the Headers tab as
 * {"Authorization": "Bearer …"}.
 */
const fetcher: GraphiQLProps['fetcher'] = async (params, options) => {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options?.headers },
    body: JSON.stringify(params),
  });
  return res.json();
};

const EXAMPLE = `# ClaimLedger's public API. Run with the ▶ button (Ctrl+Enter).
# The cost of each query and your quota come back in "extensions" and the RateLimit headers.
query LatestVerdicts {
  claims(first: 5, orderBy: RECENTLY_PUBLISHED) {
    totalCount
    edges {
      node {
        text
        verdict
        claimant { name }
      }
    }
  }
}
`;

async function start() {
  const root = createRoot(document.getElementById('root')!);
  const sdl = await fetch('/schema.graphql').then((r) => {
    if (!r.ok) throw new Error(`/schema.graphql answered ${r.status}`);
    return r.text();
  });
  root.render(
    <StrictMode>
      <GraphiQL fetcher={fetcher} schema={buildSchema(sdl)} defaultQuery={EXAMPLE} />
    </StrictMode>,
  );
}

start().catch((err: unknown) => {
  document.getElementById('root')!.textContent = `The explorer could not start: ${err instanceof Error ? err.message : String(err)}`;
});

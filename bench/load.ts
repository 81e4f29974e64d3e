import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { UPDATE_CLAIM } from './scenarios';

/**
 * The load generator, run as its own process so it does not share an event loop with either
 * server. Reads a plan (JSON file path in argv[2]), runs autocannon with fixed connections and
 * prints one JSON result line.
 */
export interface LoadPlan {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Which request kinds to send, by weight (out of 100). */
  mix: { kind: RequestKind; weight: number }[];
  /** Bodies per kind: one fixed body, or several sent in turn. */
  bodies: Partial<Record<RequestKind, string[]>>;
  /** Authorization per kind (a token, or tokens to spread over connections). */
  tokens: Partial<Record<RequestKind, string[]>>;
  /** For writes: claims (id and version) each connection updates in turn; no two connections share one. */
  writeClaims?: { id: string; version: number }[];
}

export type RequestKind = 's1' | 's2' | 's3' | 's4' | 's5';

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  acceptedWrites: number;
  refusedWrites: number;
  touchedClaims: string[];
}

/** State of one request between setupRequest and onResponse (autocannon resets it every iteration). */
interface RequestState {
  claim?: { id: string; version: number };
}


async function main() {
  const plan = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadPlan;
  // Each connection walks the same 100-step pattern of kinds, so the mix holds at any duration.
  const pattern: RequestKind[] = plan.mix.flatMap((m) => Array<RequestKind>(m.weight).fill(m.kind));
  const shuffled = pattern.map((k, i) => [((i * 37) % pattern.length), k] as const).sort((a, b) => a[0] - b[0]).map(([, k]) => k);
  // Claims are checked out for the time of one write and back in after: no two writes in flight
  // ever touch the same claim, so every refusal would be a real lost-update detection.
  const idle = [...(plan.writeClaims ?? [])];
  let sent = 0;
  let accepted = 0;
  let refused = 0;
  const touched = new Set<string>();
  const counters: Record<string, number> = {};

  const instance = autocannon({
    url: plan.url,
    connections: plan.connections,
    duration: plan.durationSeconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req, context: RequestState) => {
          const n = sent++;
          let kind = shuffled[n % shuffled.length]!;
          if (kind === 's5' && idle.length === 0) kind = shuffled.find((k) => k !== 's5') ?? kind;
          const tokens = plan.tokens[kind];
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (tokens?.length) headers.authorization = `Bearer ${tokens[n % tokens.length]}`;
          if (kind === 's5' && idle.length) {
            const claim = idle.shift()!;
            context.claim = claim;
            return {
              ...req,
              headers,
              body: JSON.stringify({ query: UPDATE_CLAIM, variables: { id: claim.id, v: claim.version, c: `bench edit ${n}` } }),
            };
          }
          context.claim = undefined;
          const bodies = plan.bodies[kind]!;
          counters[kind] = (counters[kind] ?? 0) + 1;
          return { ...req, headers, body: bodies[counters[kind]! % bodies.length] };
        },
        onResponse: (_status, body, context: RequestState) => {
          const claim = context.claim;
          if (!claim) return;
          idle.push(claim);
          let parsed: { data?: { updateClaim?: { version: number } }; errors?: { extensions?: { currentVersion?: number } }[] } = {};
          try {
            parsed = JSON.parse(body);
          } catch {
            // not JSON: counted as refused below
          }
          const version = parsed.data?.updateClaim?.version;
          if (version) {
            claim.version = version;
            accepted++;
            touched.add(claim.id);
          } else {
            refused++;
            const current = parsed.errors?.[0]?.extensions?.currentVersion;
            if (current) claim.version = current;
          }
        },
      },
    ],
  });
  const result = await instance;
  const out: LoadResult = {
    requests: result.requests.total,
    seconds: result.duration,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    acceptedWrites: accepted,
    refusedWrites: refused,
    touchedClaims: [...touched],
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

void main();

import type { Request, RequestHandler, Response } from 'express';
import type { GraphQLSchema, ValidationRule } from 'graphql';
import type { Logger } from 'pino';
import type { DatabaseOutage } from '../db/outage';
import type { StatementTally } from '../db/statementCounter';
import { LIMITS } from '../domain/queryLimits';
import { secretKind } from '../domain/secrets';
import type { Viewer } from '../domain/viewer';
import { fastPathFallbacks, graphqlOperations, operationLabel, type FastPathFallback } from '../metrics';
import { costOf } from '../publicApi/limits';
import type { PublicApiPolicy } from '../publicApi/policy';
import { sendError } from '../routes/exports';
import type { Services } from '../services';
import { PublicReadPlanner, type PublicClaimsRead } from './planner';
import { connectionAnswers, ConnectionJson } from './sql';

export interface FastPathDeps {
  services: Services;
  schema: GraphQLSchema;
  /** Apollo's own validation rules: the planner accepts only what Apollo would. */
  validationRules: readonly ValidationRule[];
  policy: PublicApiPolicy;
  outage: DatabaseOutage;
  log: Logger;
  clientAddress: (req: Request) => string;
}

/**
 * The public fast path: a public reader's `claims` query answered by one statement whose JSON
 * PostgreSQL builds (planner.ts decides which requests, sql.ts writes the statement). What it
 * does not take goes on to Apollo unchanged; what it took and then cannot answer (an argument or
 * cursor to refuse, a quota, any error but an outage) goes there too, logged at debug and counted
 * in `claimledger_fast_path_fallbacks_total` by reason.
 */
export function publicFastPath(deps: FastPathDeps): RequestHandler {
  const { services, outage, log } = deps;
  const projection = services.claimReads.projection;
  const planner = new PublicReadPlanner(
    (type, field) => connectionAnswers(type, field) || projection.answers(type, field),
    deps.schema,
    deps.validationRules,
    LIMITS,
  );
  const statement = new ConnectionJson(services.dataSource, projection);
  const contract = publicContract(deps.schema, deps.policy, deps.clientAddress);
  const fallBack = (reason: FastPathFallback, err?: unknown) => {
    fastPathFallbacks.inc({ reason });
    log.debug({ reason, err }, 'public fast path: left to the normal path');
  };

  return async (req, res, next) => {
    if (req.method !== 'POST') return next();
    const auth = req.headers.authorization;
    if (auth && secretKind(auth.trim().replace(/^Bearer\s+/i, '')) !== 'apiKey') return next(); // staff: the full path
    const read = planner.plan(req.body, fallBack);
    if (!read) return next();
    try {
      const viewer = await services.auth.viewerFor(auth);
      if (viewer.kind !== 'public') {
        fallBack('viewer');
        return next();
      }
      const charged = await contract.admit(req, res, viewer, read);
      if (!charged) {
        fallBack('quota'); // Apollo's path answers the refusal
        return next();
      }
      const q = services.claimReads.listQuery(viewer, read.args);
      const body = await statement.answer(viewer, q, read.args.after ?? null, read.selection);
      const tally = res.locals.tally as StatementTally | undefined;
      if (tally) res.setHeader('x-sql-statements', String(tally.statements));
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.status(200).send(`{"data":{"${read.rootKey}":${body}}${charged.extensions}}\n`);
      graphqlOperations.inc({ operation: operationLabel(read.operationName), type: 'query', outcome: 'ok' });
    } catch (err) {
      // An outage is answered here: the normal path would only fail the same way, a second time.
      const unavailable = outage.unavailable(err);
      if (!unavailable) {
        fallBack('error', err); // the normal path answers, with its proper error if there is one
        return next();
      }
      sendError(res, unavailable);
      graphqlOperations.inc({ operation: operationLabel(read.operationName), type: 'query', outcome: unavailable.code });
    }
  };
}

interface PublicContract {
  /**
   * Charges the read to its quota and sets the answer's headers; returns the `extensions` to append
   * to the body, or null when the quota refuses (the charge is then kept for Apollo's path).
   */
  admit(req: Request, res: Response, viewer: Viewer, read: PublicClaimsRead): Promise<{ extensions: string } | null>;
}

/** What the fast path's answers carry, as Apollo's do (publicApi/plugin.ts): cost, quota, headers. */
function publicContract(schema: GraphQLSchema, policy: PublicApiPolicy, clientAddress: (req: Request) => string): PublicContract {
  return {
    async admit(req, res, viewer, read) {
      const cost = costOf(schema, read.document, read.operation, LIMITS.maxCost);
      const admission = await policy.admit(viewer, clientAddress(req), cost);
      res.locals.admission = admission;
      if (admission.refusal) return null;
      res.set(policy.headers(viewer, admission.decision, { method: req.method, isQuery: true, hasErrors: false }));
      return { extensions: `,"extensions":${JSON.stringify({ cost })}` };
    },
  };
}

import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Actor, Source } from '../db/entities';
import { actorSpec, type ActorFilter } from './actors';
import { AuthService } from './auth';
import { CatalogService } from './catalog';
import { ClaimLocks, ClaimSql } from './claimRows';
import { ClaimService } from './claims';
import { DisputeService } from './disputes';
import { EvidenceService } from './evidence';
import { HistoryService } from './history';
import { sourceSpec, type SourceFilter } from './sources';
import { StatsService } from './stats';
import { TopicService } from './topics';
import { UserService } from './users';

export type Services = ReturnType<typeof createServices>;

/** Wires the services once at start-up; each owns its tables and transactions. */
export function createServices(ds: DataSource, config: Pick<Config, 'MAX_PAGE_SIZE' | 'SESSION_TTL_HOURS' | 'LOGIN_MAX_FAILURES' | 'LOGIN_LOCK_MINUTES'>) {
  const max = config.MAX_PAGE_SIZE;
  const history = new HistoryService(ds);
  const sql = new ClaimSql(ds);
  const locks = new ClaimLocks(ds, sql);
  const topics = new TopicService(ds);
  return {
    dataSource: ds,
    history,
    topics,
    claims: new ClaimService(ds, sql, locks, history, topics, max),
    evidence: new EvidenceService(ds, locks, history),
    disputes: new DisputeService(ds, locks, history, max),
    actors: new CatalogService<Actor, ActorFilter>(ds, history, actorSpec, max),
    sources: new CatalogService<Source, SourceFilter>(ds, history, sourceSpec, max),
    users: new UserService(ds, history),
    auth: new AuthService(ds, {
      sessionTtlHours: config.SESSION_TTL_HOURS,
      maxFailures: config.LOGIN_MAX_FAILURES,
      lockMinutes: config.LOGIN_LOCK_MINUTES,
    }),
    stats: new StatsService(ds),
  };
}

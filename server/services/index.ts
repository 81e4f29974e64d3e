import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Actor, Source } from '../db/entities';
import { actorSpec, type ActorFilter } from './actors';
import { AuthService } from './auth';
import { CatalogService } from './catalog';
import { CatalogReferences } from './catalogMerge';
import { CheckpointService, type CheckpointSigner } from './checkpoints';
import { ClaimChanges } from './claimChanges';
import { ClaimProjection } from './claimProjection';
import { ClaimReadService } from './claimReads';
import { ClaimLocks } from './claimRows';
import { PublishedVersions } from './publishedVersions';
import { ClaimReviewService } from './claimReviews';
import { ClaimService } from './claims';
import { DisputeService } from './disputes';
import { DuplicateFinder } from './duplicates';
import { EvidenceService } from './evidence';
import { ExportService } from './exports';
import { HistoryService } from './history';
import { sourceSpec, type SourceFilter } from './sources';
import { StatsService } from './stats';
import { NodeService } from './nodes';
import { TopicService } from './topics';
import { UserService } from './users';

export type Services = ReturnType<typeof createServices>;

/** Wires the services once at start-up; each owns its tables and transactions. */
export type ServiceConfig = Pick<
  Config,
  'MAX_PAGE_SIZE' | 'SESSION_TTL_HOURS' | 'LOGIN_MAX_FAILURES' | 'LOGIN_LOCK_MINUTES' | 'LOGIN_ADDRESS_MAX_FAILURES' | 'LOGIN_ACCOUNT_MAX_FAILURES'
> &
  Partial<Pick<Config, 'PUBLISHER_NAME' | 'publisherUrl' | 'publicBaseUrl' | 'CLAIMREVIEW_RATING_MAP' | 'CLAIMREVIEW_VERDICT_LABELS'>> & {
    /** The key that signs checkpoints; without it the server records none. */
    checkpointSigner?: CheckpointSigner | null;
  };

export function createServices(ds: DataSource, config: ServiceConfig) {
  const max = config.MAX_PAGE_SIZE;
  const history = new HistoryService(ds);
  const projection = new ClaimProjection(ds);
  const published = new PublishedVersions(ds);
  const changes = new ClaimChanges(new ClaimLocks(ds, projection, published), history);
  const topics = new TopicService(ds);
  const claims = new ClaimService(ds, changes, history, topics);
  const claimReads = new ClaimReadService(ds, projection, max);
  const evidence = new EvidenceService(ds, changes, max);
  const references = new CatalogReferences(ds, changes);
  const actors = new CatalogService<Actor, ActorFilter>(ds, history, actorSpec, max, references);
  const sources = new CatalogService<Source, SourceFilter>(ds, history, sourceSpec, max, references);
  return {
    dataSource: ds,
    history,
    published,
    topics,
    claims,
    claimReads,
    evidence,
    disputes: new DisputeService(ds, changes, max),
    nodes: new NodeService(ds, max),
    actors,
    sources,
    duplicates: new DuplicateFinder(ds),
    claimReviews: new ClaimReviewService(
      ds,
      claims,
      claimReads,
      actors as CatalogService<Actor, unknown>,
      sources as CatalogService<Source, unknown>,
      evidence,
      { name: config.PUBLISHER_NAME ?? 'ClaimLedger Fact Check', url: config.publisherUrl ?? config.publicBaseUrl ?? 'http://localhost:4000' },
      config.publicBaseUrl ?? 'http://localhost:4000',
      max,
      { ratingMap: config.CLAIMREVIEW_RATING_MAP, verdictLabels: config.CLAIMREVIEW_VERDICT_LABELS },
    ),
    users: new UserService(ds, history),
    auth: new AuthService(ds, {
      sessionTtlHours: config.SESSION_TTL_HOURS,
      maxFailures: config.LOGIN_MAX_FAILURES,
      lockMinutes: config.LOGIN_LOCK_MINUTES,
      addressMaxFailures: config.LOGIN_ADDRESS_MAX_FAILURES,
      accountMaxFailures: config.LOGIN_ACCOUNT_MAX_FAILURES,
    }),
    stats: new StatsService(ds),
    checkpoints: new CheckpointService(ds, history, config.checkpointSigner ?? null),
    exports: new ExportService(ds),
  };
}

import DataLoader from 'dataloader';
import type { Actor, Dispute, Source, User } from '../db/entities';
import type { Viewer } from '../domain/viewer';
import type { Services } from '../services';
import type { ClaimRecord, EvidenceRecord, TopicRecord } from '../services/claimRows';
import type { StoredEvent } from '../services/history';

/** Everything a resolver may use: who is asking, the services, and this request's batch loaders. */
export interface Context {
  viewer: Viewer;
  services: Services;
  loaders: Loaders;
  /** The client's address, for login rate limiting. */
  clientAddress: string;
}

/**
 * Per-request DataLoaders, scoped to the viewer: a page of claims asks for its claimants,
 * sources, evidence … in one statement each, whatever the page size. Each is created on first use.
 */
export class Loaders {
  private _actor?: DataLoader<string, Actor | null>;
  private _source?: DataLoader<string, Source | null>;
  private _user?: DataLoader<string, User | null>;
  private _claim?: DataLoader<string, ClaimRecord | null>;
  private _evidence?: DataLoader<string, EvidenceRecord[]>;
  private _topics?: DataLoader<string, TopicRecord[]>;
  private _disputes?: DataLoader<string, Dispute[]>;
  private _history?: DataLoader<string, StoredEvent[]>;

  constructor(
    private readonly services: Services,
    private readonly viewer: Viewer,
  ) {}

  get actor() {
    return (this._actor ??= new DataLoader((ids) => this.services.actors.byIds(this.viewer, ids)));
  }
  get source() {
    return (this._source ??= new DataLoader((ids) => this.services.sources.byIds(this.viewer, ids)));
  }
  get user() {
    return (this._user ??= new DataLoader((ids) => this.services.users.byIds(ids)));
  }
  get claim() {
    return (this._claim ??= new DataLoader((ids) => this.services.claimReads.byIds(this.viewer, ids)));
  }
  get evidenceOfClaim() {
    return (this._evidence ??= new DataLoader((ids) => this.services.claimReads.evidenceOf(this.viewer, ids)));
  }
  get topicsOfClaim() {
    return (this._topics ??= new DataLoader((ids) => this.services.claimReads.topicsOf(ids)));
  }
  get disputesOfClaim() {
    return (this._disputes ??= new DataLoader((ids) => this.services.disputes.ofClaims(ids)));
  }
  get historyOfClaim() {
    return (this._history ??= new DataLoader((ids) => this.services.history.chainsOfClaims(ids)));
  }
}

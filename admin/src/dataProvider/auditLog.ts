import { auditFilter, pageWindow } from './mapping';
import * as Q from './queries';
import { page, type Connection, type Gql, type Rec, type Resource } from './resource';

/** History: the audit log (auditors and admins), a claim's changes since a version, verifying a claim's chain, and signed checkpoints. */
export interface VerifyResult {
  claimId: string;
  valid: boolean;
  eventCount: number;
  currentVersion: number;
  headHash: string | null;
  firstBreak: { seq: number; reason: string; message: string } | null;
}

export interface HistoryEventRecord extends Rec {
  seq: number;
  action: string;
  version: number;
  userLabel: string;
  occurredAt: string;
  entityType: string;
  note: string | null;
  changes: { field: string; from: unknown; to: unknown }[];
}

export interface HistoryMethods {
  verifyHistory(claimId: string): Promise<VerifyResult>;
  /** The claim's history events after `version`: who changed what since the user loaded it. */
  changesSince(claimId: string, version: number): Promise<HistoryEventRecord[]>;
  /** Asks the server to sign a checkpoint of the whole history now (auditors and admins). */
  recordCheckpoint(): Promise<{ seq: number }>;
}

export function auditLogModule(gql: Gql): { auditLog: Resource; methods: HistoryMethods } {
  const auditLog: Resource = {
    // Newest first unless the list asks for the oldest first.
    async getList(params) {
      const { first, offset } = pageWindow(params.pagination);
      const newestFirst = params.sort?.order !== 'ASC';
      const { auditLog } = await gql<{ auditLog: Connection }>(Q.AUDIT_LOG, { filter: auditFilter(params.filter), first, offset, newestFirst });
      return page(auditLog);
    },
  };

  const methods: HistoryMethods = {
    async verifyHistory(claimId) {
      return (await gql<{ verifyHistory: VerifyResult }>(Q.VERIFY_HISTORY, { claimId })).verifyHistory;
    },
    async changesSince(claimId, version) {
      const { claim } = await gql<{ claim: { history: HistoryEventRecord[] } | null }>(Q.CLAIM_HISTORY, { id: claimId });
      return (claim?.history ?? []).filter((e) => e.version > version);
    },
    async recordCheckpoint() {
      return (await gql<{ recordCheckpoint: { seq: number } }>(Q.RECORD_CHECKPOINT)).recordCheckpoint;
    },
  };

  return { auditLog, methods };
}

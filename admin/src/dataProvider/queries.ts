/** The GraphQL operations the admin UI sends: named, so server logs and metrics say which screen asked. */

const PERSON = 'id displayName';

/** A claim's fields in a list row that its revisions (the claim as it was: `ClaimRevision`) have too. */
const CLAIM_ROW_STATE = `text quote reviewStatus verdict disputeStatus attributionStatus claimedOn language
  createdAt updatedAt publishedAt version
  claimant { id name } firstAppearance { id title } topics { slug name } assignee { ${PERSON} }`;

const CLAIM_ROW = `id ${CLAIM_ROW_STATE} nextActions`;

/** Evidence as it is (`Evidence`, with its `id`) and as it was (`EvidenceRevision`, with `evidenceId`). */
const EVIDENCE_STATE = `stance url excerpt reliability note isPublic createdAt updatedAt
  source { id title url publisher kind } addedBy { ${PERSON} }`;

const EVIDENCE = `id ${EVIDENCE_STATE}`;

const DISPUTE_ON_CLAIM = `id status raisedBy raisedByName reason counterEvidence resolutionNote resolvedAt createdAt
  openedBy { ${PERSON} } resolvedBy { ${PERSON} }`;

const HISTORY_EVENT = `id seq action version userLabel occurredAt entityType entityId note hash prevHash
  user { ${PERSON} } changes { field from to }`;

/** The claim page's details that a revision has too. */
const CLAIM_DETAIL_STATE = `context verdictRationale internalNote proposedAt importedFrom originalRating
  proposedBy { ${PERSON} } approvedBy { ${PERSON} } createdBy { ${PERSON} }
  rejectedProposal { verdict rationale proposedAt rejectedAt reason proposedBy { ${PERSON} } rejectedBy { ${PERSON} } }`;

/** A claim as its page shows it, without the lists that hang off it: what a change to the claim answers. */
const CLAIM_DETAIL = `${CLAIM_ROW} ${CLAIM_DETAIL_STATE}`;

/** The whole claim page: the claim with its evidence, disputes, corrections and history. */
const CLAIM_FULL = `${CLAIM_DETAIL}
  evidence { ${EVIDENCE} }
  disputes { ${DISPUTE_ON_CLAIM} }
  corrections { verdict verdictRationale publishedAt supersededAt reason }
  history { ${HISTORY_EVENT} }`;

const PAGE = 'totalCount pageInfo { hasNextPage hasPreviousPage }';

export const CLAIMS = `query AdminClaims($filter: ClaimFilter, $orderBy: ClaimOrder, $first: Int, $offset: Int) {
  claims(filter: $filter, orderBy: $orderBy, first: $first, offset: $offset) { ${PAGE} nodes { ${CLAIM_ROW} } edges { searchRank } }
}`;

export const CLAIM = `query AdminClaim($id: ID!) { claim(id: $id) { ${CLAIM_FULL} } }`;

/**
 * The claim page as of an instant (`?asOf=`): the revision current then, with its evidence as it
 * was, and the claim's whole history (the live claim's) so the timeline can go to any other moment.
 */
export const CLAIM_REVISION = `query AdminClaimRevision($claimId: ID!, $asOf: DateTime!) {
  claimRevision(claimId: $claimId, asOf: $asOf) {
    id claimId recordedAt ${CLAIM_ROW_STATE} ${CLAIM_DETAIL_STATE}
    evidence { evidenceId ${EVIDENCE_STATE} }
    claim { id history { ${HISTORY_EVENT} } }
  }
}`;

export const CLAIM_HISTORY = `query AdminClaimHistory($id: ID!) { claim(id: $id) { id version history { ${HISTORY_EVENT} } } }`;

export const SIMILAR_CLAIMS = `query AdminSimilarClaims($text: String!, $first: Int) {
  similarClaims(text: $text, first: $first) { similarity claim { id text language reviewStatus verdict claimant { id name } } }
}`;

export const CREATE_CLAIM = `mutation AdminCreateClaim($input: CreateClaimInput!) { createClaim(input: $input) { ${CLAIM_DETAIL} } }`;
export const UPDATE_CLAIM = `mutation AdminUpdateClaim($id: ID!, $expectedVersion: Int!, $input: UpdateClaimInput!) {
  updateClaim(id: $id, expectedVersion: $expectedVersion, input: $input) { ${CLAIM_DETAIL} }
}`;

/**
 * Workflow transitions, each one mutation taking one `input` (the claim's id and version, plus
 * what the action needs: see TransitionArgs) and answering a payload with the claim.
 */
export const TRANSITIONS = {
  SUBMIT: 'claimSubmit',
  PROPOSE_VERDICT: 'claimProposeVerdict',
  APPROVE: 'claimApproveVerdict',
  REJECT: 'claimRejectVerdict',
  REOPEN: 'claimReopen',
  ARCHIVE: 'claimArchive',
  RESTORE: 'claimRestore',
  ASSIGN: 'claimAssign',
} as const;
export type Transition = keyof typeof TRANSITIONS;

export function transitionMutation(t: Transition): string {
  const mutation = TRANSITIONS[t];
  const name = mutation[0]!.toUpperCase() + mutation.slice(1);
  return `mutation Admin${name}($input: ${name}Input!) { ${mutation}(input: $input) { claim { ${CLAIM_DETAIL} } } }`;
}

export const ADD_EVIDENCE = `mutation AdminAddEvidence($claimId: ID!, $expectedVersion: Int!, $input: AddEvidenceInput!) {
  addEvidence(claimId: $claimId, expectedVersion: $expectedVersion, input: $input) { ${EVIDENCE} claim { id version } }
}`;
export const UPDATE_EVIDENCE = `mutation AdminUpdateEvidence($id: ID!, $expectedVersion: Int!, $input: UpdateEvidenceInput!) {
  updateEvidence(id: $id, expectedVersion: $expectedVersion, input: $input) { ${EVIDENCE} claim { id version } }
}`;
export const REMOVE_EVIDENCE = `mutation AdminRemoveEvidence($id: ID!, $expectedVersion: Int!, $reason: String) {
  removeEvidence(id: $id, expectedVersion: $expectedVersion, reason: $reason) { id version }
}`;

const DISPUTE_ROW = `${DISPUTE_ON_CLAIM} updatedAt claim { id text language reviewStatus verdict disputeStatus version }`;

export const DISPUTES = `query AdminDisputes($filter: DisputeFilter, $first: Int, $offset: Int) {
  disputes(filter: $filter, first: $first, offset: $offset) { ${PAGE} nodes { ${DISPUTE_ROW} } }
}`;
export const OPEN_DISPUTE = `mutation AdminOpenDispute($claimId: ID!, $input: OpenDisputeInput!, $expectedVersion: Int) {
  openDispute(claimId: $claimId, input: $input, expectedVersion: $expectedVersion) { ${DISPUTE_ROW} }
}`;
export const RESOLVE_DISPUTE = `mutation AdminResolveDispute($id: ID!, $outcome: DisputeOutcome!, $note: String!, $expectedVersion: Int) {
  resolveDispute(id: $id, outcome: $outcome, note: $note, expectedVersion: $expectedVersion) { ${DISPUTE_ROW} }
}`;
export const WITHDRAW_DISPUTE = `mutation AdminWithdrawDispute($id: ID!, $reason: String, $expectedVersion: Int) {
  withdrawDispute(id: $id, reason: $reason, expectedVersion: $expectedVersion) { ${DISPUTE_ROW} }
}`;

const ACTOR_FIELDS = 'id name kind title country aliases wikidataId version createdAt updatedAt';
export const ACTORS = `query AdminActors($filter: ActorFilter, $orderBy: ActorOrder, $first: Int, $offset: Int) {
  actors(filter: $filter, orderBy: $orderBy, first: $first, offset: $offset) { ${PAGE} nodes { ${ACTOR_FIELDS} } }
}`;
export const ACTOR = `query AdminActor($id: ID!) { actor(id: $id) { ${ACTOR_FIELDS} } }`;
export const CREATE_ACTOR = `mutation AdminCreateActor($input: CreateActorInput!) { createActor(input: $input) { ${ACTOR_FIELDS} } }`;
export const UPDATE_ACTOR = `mutation AdminUpdateActor($id: ID!, $expectedVersion: Int!, $input: UpdateActorInput!) {
  updateActor(id: $id, expectedVersion: $expectedVersion, input: $input) { ${ACTOR_FIELDS} }
}`;

const SOURCE_FIELDS = 'id title url publisher author publishedOn kind version createdAt updatedAt';
export const SOURCES = `query AdminSources($filter: SourceFilter, $orderBy: SourceOrder, $first: Int, $offset: Int) {
  sources(filter: $filter, orderBy: $orderBy, first: $first, offset: $offset) { ${PAGE} nodes { ${SOURCE_FIELDS} } }
}`;
export const SOURCE = `query AdminSource($id: ID!) { source(id: $id) { ${SOURCE_FIELDS} } }`;
/** A page of the evidence citing a source (its page lists them), newest first. */
export const SOURCE_CITATIONS = `query AdminSourceCitations($id: ID!, $first: Int, $offset: Int) {
  source(id: $id) { id citations(first: $first, offset: $offset) { ${PAGE} nodes { id stance excerpt reliability url createdAt claim { id text language reviewStatus } } } }
}`;
export const CREATE_SOURCE = `mutation AdminCreateSource($input: CreateSourceInput!) { createSource(input: $input) { ${SOURCE_FIELDS} } }`;
export const UPDATE_SOURCE = `mutation AdminUpdateSource($id: ID!, $expectedVersion: Int!, $input: UpdateSourceInput!) {
  updateSource(id: $id, expectedVersion: $expectedVersion, input: $input) { ${SOURCE_FIELDS} }
}`;

/** Duplicate warnings of the create forms, and merging a duplicate into the one to keep. */
export const SIMILAR_ACTORS = `query AdminSimilarActors($name: String!, $aliases: [String!], $wikidataId: String) {
  similarActors(name: $name, aliases: $aliases, wikidataId: $wikidataId) { similarity matchedOn actor { ${ACTOR_FIELDS} } }
}`;
export const SIMILAR_SOURCES = `query AdminSimilarSources($title: String, $url: String) {
  similarSources(title: $title, url: $url) { similarity matchedOn source { ${SOURCE_FIELDS} } }
}`;
const MERGE_ARGS = 'survivorId: $survivorId, mergedId: $mergedId, expectedSurvivorVersion: $survivorVersion, expectedMergedVersion: $mergedVersion, reason: $reason';
const MERGE_VARS = '$survivorId: ID!, $mergedId: ID!, $survivorVersion: Int!, $mergedVersion: Int!, $reason: String';
export const MERGE_ACTORS = `mutation AdminMergeActors(${MERGE_VARS}) { mergeActors(${MERGE_ARGS}) { ${ACTOR_FIELDS} } }`;
export const MERGE_SOURCES = `mutation AdminMergeSources(${MERGE_VARS}) { mergeSources(${MERGE_ARGS}) { ${SOURCE_FIELDS} } }`;

const USER = 'id displayName role email active locale createdAt version';
export const USERS = `query AdminUsers { users { ${USER} } }`;
export const CREATE_USER = `mutation AdminCreateUser($input: CreateUserInput!) { createUser(input: $input) { ${USER} } }`;
export const UPDATE_USER = `mutation AdminUpdateUser($id: ID!, $expectedVersion: Int!, $input: UpdateUserInput!) {
  updateUser(id: $id, expectedVersion: $expectedVersion, input: $input) { ${USER} }
}`;
/** Names only: the pickers every staff role uses (no e-mail addresses). */
export const STAFF = `query AdminStaff { staff { id displayName role active } }`;

const API_KEY = `id name prefix createdAt lastUsedAt revokedAt createdBy { ${PERSON} }`;
export const API_KEYS = `query AdminApiKeys { apiKeys { ${API_KEY} } }`;
export const CREATE_API_KEY = `mutation AdminCreateApiKey($name: String!) { createApiKey(name: $name) { secret apiKey { ${API_KEY} } } }`;
export const REVOKE_API_KEY = `mutation AdminRevokeApiKey($id: ID!) { revokeApiKey(id: $id) { ${API_KEY} } }`;

export const TOPICS = `query AdminTopics { topics { id slug name } }`;

export const AUDIT_LOG = `query AdminAuditLog($filter: AuditLogFilter, $first: Int, $offset: Int, $newestFirst: Boolean) {
  auditLog(filter: $filter, first: $first, offset: $offset, newestFirst: $newestFirst) {
    ${PAGE} nodes { ${HISTORY_EVENT} chain claimId claim { id text language } state }
  }
}`;

export const VERIFY_HISTORY = `query AdminVerifyHistory($claimId: ID!) {
  verifyHistory(claimId: $claimId) { claimId valid eventCount currentVersion headHash firstBreak { seq reason message } }
}`;

export const RECORD_CHECKPOINT = `mutation AdminRecordCheckpoint { recordCheckpoint { seq } }`;

export const STATS = `query AdminStats {
  stats {
    claimsByStatus { status count } claimsByVerdict { verdict count }
    openDisputes myAssignments pendingMyApproval weekly { weekStart created published }
  }
}`;

export const LOGIN = `mutation AdminLogin($email: String!, $password: String!) {
  login(email: $email, password: $password) { token expiresAt user { id displayName role email locale } }
}`;
export const LOGOUT = `mutation AdminLogout { logout }`;
export const ME = `query AdminMe { me { id displayName role email locale } }`;
export const UPDATE_MY_PREFERENCES = `mutation AdminUpdateMyPreferences($input: MyPreferencesInput!) {
  updateMyPreferences(input: $input) { id locale }
}`;

export const IMPORT_CLAIM_REVIEWS = `mutation AdminImportClaimReviews($document: String!) {
  importClaimReviews(document: $document) { created skipped failed { index url reason } }
}`;

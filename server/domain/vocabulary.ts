/**
 * The product's fixed vocabularies. GraphQL enums, database CHECK constraints (in migrations,
 * frozen once landed) and the admin UI all spell these the same way.
 */
export const REVIEW_STATUSES = ['DRAFT', 'IN_REVIEW', 'PENDING_APPROVAL', 'PUBLISHED', 'ARCHIVED'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const VERDICTS = [
  'TRUE',
  'MOSTLY_TRUE',
  'MIXED',
  'MOSTLY_FALSE',
  'FALSE',
  'MISLEADING',
  'UNPROVEN',
  'NOT_CHECKABLE',
] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Each verdict's name in English: ClaimReview's alternateName, and the admin UI's English words for it. */
export const VERDICT_LABELS: Record<Verdict, string> = {
  TRUE: 'True',
  MOSTLY_TRUE: 'Mostly true',
  MIXED: 'Mixed',
  MOSTLY_FALSE: 'Mostly false',
  FALSE: 'False',
  MISLEADING: 'Misleading',
  UNPROVEN: 'Unproven',
  NOT_CHECKABLE: 'Not checkable',
};

export const ATTRIBUTION_STATUSES = ['VERIFIED', 'PARAPHRASED', 'MISATTRIBUTED', 'UNVERIFIED'] as const;
export type AttributionStatus = (typeof ATTRIBUTION_STATUSES)[number];

/** A claim's dispute status, derived from its disputes. */
export const DISPUTE_STATUSES = ['NONE', 'DISPUTED', 'RESOLVED'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** The state of one dispute. */
export const DISPUTE_STATES = ['OPEN', 'UPHELD', 'REJECTED', 'WITHDRAWN'] as const;
export type DisputeState = (typeof DISPUTE_STATES)[number];

export const STANCES = ['SUPPORTS', 'REFUTES', 'CONTEXT'] as const;
export type Stance = (typeof STANCES)[number];

export const ACTOR_KINDS = ['PERSON', 'ORGANISATION', 'GOVERNMENT', 'OUTLET'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const SOURCE_KINDS = ['ARTICLE', 'SPEECH', 'TRANSCRIPT', 'REPORT', 'DATASET', 'SOCIAL_POST', 'OTHER'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const ROLES = ['FACT_CHECKER', 'EDITOR', 'AUDITOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The groups of roles every rule speaks of: the permission table, the workflow, disputes and the
 * admin UI's menus all take their members from here.
 */
export const ROLE_GROUPS = {
  /** Any logged-in user, auditors included. */
  STAFF: ROLES,
  /** Those who change claims, evidence, disputes, actors and sources. */
  WRITER: ['FACT_CHECKER', 'EDITOR', 'ADMIN'],
  /** The desk: editors and admins approve, reopen, archive, assign and resolve disputes. */
  DESK: ['EDITOR', 'ADMIN'],
  /** Those who read the audit log and download exports. */
  AUDIT: ['AUDITOR', 'ADMIN'],
  ADMIN: ['ADMIN'],
} as const satisfies Record<string, readonly Role[]>;
export type RoleGroup = keyof typeof ROLE_GROUPS;

export const inRoleGroup = (role: Role, group: RoleGroup): boolean => (ROLE_GROUPS[group] as readonly Role[]).includes(role);

/**
 * The languages the admin UI speaks (BCP 47), English first as the default. Each has a message
 * catalogue in admin/src/i18n/; a user's choice (users.locale) must be one of them.
 */
export const UI_LOCALES = ['en', 'fr', 'es', 'pt-BR', 'de', 'ar'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

import { CreateActorsSourcesTopics1764403200001 } from './1764403200001-CreateActorsSourcesTopics';
import { CreateUsers1764403200002 } from './1764403200002-CreateUsers';
import { CreateClaims1764403200003 } from './1764403200003-CreateClaims';
import { CreateEvidence1764403200004 } from './1764403200004-CreateEvidence';
import { CreateDisputes1764403200005 } from './1764403200005-CreateDisputes';
import { CreateHistoryEvents1764403200006 } from './1764403200006-CreateHistoryEvents';
import { CreateSessionsAndApiKeys1764403200007 } from './1764403200007-CreateSessionsAndApiKeys';
import { AddClaimImportFields1764403200008 } from './1764403200008-AddClaimImportFields';
import { ClaimLanguageAsBcp471764489600001 } from './1764489600001-ClaimLanguageAsBcp47';
import { KeepImportedReviewDetails1764489600002 } from './1764489600002-KeepImportedReviewDetails';
import { AddLoginLimits1764576000001 } from './1764576000001-AddLoginLimits';
import { AddHistoryPositions1764662400001 } from './1764662400001-AddHistoryPositions';
import { CreateCheckpoints1764662400002 } from './1764662400002-CreateCheckpoints';
import { AddUserLocale1764748800001 } from './1764748800001-AddUserLocale';
import { AddApiQuotaUsage1764835200001 } from './1764835200001-AddApiQuotaUsage';
import { AddCatalogRedirects1764921600005 } from './1764921600005-AddCatalogRedirects';
import { CreatePublishedVersions1765008000001 } from './1765008000001-CreatePublishedVersions';
import { TopicSlugsInAnyScript1765094400001 } from './1765094400001-TopicSlugsInAnyScript';
import { MultilingualSearch1765094400002 } from './1765094400002-MultilingualSearch';
import { SearchPostings1765094400003 } from './1765094400003-SearchPostings';
import { SearchVocabulary1765180800001 } from './1765180800001-SearchVocabulary';

/** Every migration, oldest first. The schema comes only from these. */
export const migrations = [
  CreateActorsSourcesTopics1764403200001,
  CreateUsers1764403200002,
  CreateClaims1764403200003,
  CreateEvidence1764403200004,
  CreateDisputes1764403200005,
  CreateHistoryEvents1764403200006,
  CreateSessionsAndApiKeys1764403200007,
  AddClaimImportFields1764403200008,
  ClaimLanguageAsBcp471764489600001,
  KeepImportedReviewDetails1764489600002,
  AddLoginLimits1764576000001,
  AddHistoryPositions1764662400001,
  CreateCheckpoints1764662400002,
  AddUserLocale1764748800001,
  AddApiQuotaUsage1764835200001,
  AddCatalogRedirects1764921600005,
  CreatePublishedVersions1765008000001,
  TopicSlugsInAnyScript1765094400001,
  MultilingualSearch1765094400002,
  SearchPostings1765094400003,
  SearchVocabulary1765180800001,
];

import { DecisionProposalEntity } from '../approvals/entities/decision-proposal.entity.js';
import { SecurityLogEntity } from '../audit/entities/security-log.entity.js';
import { AuthSessionEntity, RefreshTokenEntity } from '../auth/entities/auth-session.entity.js';
import { UserEntity } from '../auth/entities/user.entity.js';
import { CaseEventEntity } from '../cases/entities/case-event.entity.js';
import { CaseEntity } from '../cases/entities/case.entity.js';
import { IdempotencyRecordEntity } from '../cases/entities/idempotency-record.entity.js';
import { ProcuratorateEntity } from '../procuratorates/entities/procuratorate.entity.js';
import { PublicClueReceiptEntity } from '../public-clues/entities/public-clue-receipt.entity.js';
import { CreateCases1764100000000 } from './migrations/1764100000000-CreateCases.js';
import { CreateClocks1764200000000 } from './migrations/1764200000000-CreateClocks.js';
import { CreateProcuratoratesAndUsers1764300000000 } from './migrations/1764300000000-CreateProcuratoratesAndUsers.js';
import { SealCaseHistory1764300000001 } from './migrations/1764300000001-SealCaseHistory.js';
import { CreateDecisionProposals1764300000002 } from './migrations/1764300000002-CreateDecisionProposals.js';
import { CreatePublicClueReceipts1764300000003 } from './migrations/1764300000003-CreatePublicClueReceipts.js';
import { CreateStatistics1796068398697 } from './migrations/1796068398697-CreateStatistics.js';
import { CreateDocuments1796070096610 } from './migrations/1796070096610-CreateDocuments.js';
import { SecurityLogNoTruncate1796071048667 } from './migrations/1796071048667-SecurityLogNoTruncate.js';
import { NotifyAuthRevocations1796072995130 } from './migrations/1796072995130-NotifyAuthRevocations.js';

/** Entities and migrations listed explicitly (no globs): the same list works under Jest and from dist. */
export const ENTITIES = [
  CaseEntity,
  CaseEventEntity,
  IdempotencyRecordEntity,
  ProcuratorateEntity,
  UserEntity,
  AuthSessionEntity,
  RefreshTokenEntity,
  DecisionProposalEntity,
  SecurityLogEntity,
  PublicClueReceiptEntity,
];
export const MIGRATIONS = [
  CreateCases1764100000000,
  CreateClocks1764200000000,
  CreateProcuratoratesAndUsers1764300000000,
  SealCaseHistory1764300000001,
  CreateDecisionProposals1764300000002,
  CreatePublicClueReceipts1764300000003,
  CreateStatistics1796068398697,
  CreateDocuments1796070096610,
  SecurityLogNoTruncate1796071048667,
  NotifyAuthRevocations1796072995130,
];

import { CaseEventEntity } from '../cases/entities/case-event.entity.js';
import { CaseEntity } from '../cases/entities/case.entity.js';
import { IdempotencyRecordEntity } from '../cases/entities/idempotency-record.entity.js';
import { CreateCases1764100000000 } from './migrations/1764100000000-CreateCases.js';
import { CreateClocks1764200000000 } from './migrations/1764200000000-CreateClocks.js';

/** Entities and migrations listed explicitly (no globs): the same list works under Jest and from dist. */
export const ENTITIES = [CaseEntity, CaseEventEntity, IdempotencyRecordEntity];
export const MIGRATIONS = [CreateCases1764100000000, CreateClocks1764200000000];

import type { Actor } from '../../src/common/actor.js';
import { SUPREME_PROCURATORATE_ID } from '../../src/database/migrations/1764300000000-CreateProcuratoratesAndUsers.js';

/**
 * Actors for tests that call the services in process (no login): they belong to the root
 * procuratorate every migrated database has, which is where their cases are opened.
 */
export const serviceActor = (role: Actor['role'], id = `${role}-1`): Actor => ({
  id,
  role,
  procuratorateId: SUPREME_PROCURATORATE_ID,
  name: id,
});

/**
 * The approval record a reserved decision carries once its proposal was decided (src/approvals).
 * Passing it to `CasesService.applyEvent` stands in for the approval flow in service-level tests.
 */
export const TEST_APPROVAL: Record<string, unknown> = Object.freeze({
  proposalId: 'test',
  note: 'approval flow simulated by a service-level test',
});

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CaseDetails } from '../cases/case-details.js';
import { toClockView } from './clocks.controller.js';
import { ClocksRepository } from './clocks.repository.js';

/** Adds the case's clocks to `GET /api/cases/:id`. */
@Injectable()
export class CaseClocksDetails implements OnModuleInit {
  constructor(
    private readonly details: CaseDetails,
    private readonly clocks: ClocksRepository,
  ) {}

  onModuleInit(): void {
    this.details.register('clocks', async (caseId) =>
      (await this.clocks.listOfCase(caseId)).map(toClockView),
    );
  }
}

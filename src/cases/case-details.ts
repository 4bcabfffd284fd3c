import { Injectable } from '@nestjs/common';

type DetailLoader = (caseId: string) => Promise<unknown>;

/**
 * Extra sections of a single case's view contributed by other modules (its clocks, for one),
 * so the cases module does not depend on them.
 */
@Injectable()
export class CaseDetails {
  private readonly loaders = new Map<string, DetailLoader>();

  register(key: string, loader: DetailLoader): void {
    this.loaders.set(key, loader);
  }

  async load(caseId: string): Promise<Record<string, unknown>> {
    const entries = await Promise.all(
      [...this.loaders].map(async ([key, load]) => [key, await load(caseId)] as const),
    );
    return Object.fromEntries(entries);
  }
}

import type { INestApplication } from '@nestjs/common';
import { SetMetadata } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';

const PUBLIC_SURFACE = 'pil:publicSurface';

/**
 * Marks a controller served by an `APP_MODE=public` process (the public clue endpoints, the portal,
 * `/health`, `/metrics`): such a process serves these controllers and no other.
 */
export const PublicSurface = () => SetMetadata(PUBLIC_SURFACE, true);

/**
 * For `APP_MODE=public`: removes, before the routes are registered (`app.init()`), every controller
 * not marked `@PublicSurface()`, so no staff route exists in the process at all (not merely
 * refused). Providers stay: a public clue opens its case through the same command path.
 */
export function keepOnlyPublicSurface(app: INestApplication): string[] {
  const removed: string[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const [token, wrapper] of [...module.controllers]) {
      if (Reflect.getMetadata(PUBLIC_SURFACE, wrapper.metatype as object) === true) continue;
      module.controllers.delete(token);
      removed.push(String(wrapper.name));
    }
  }
  return removed;
}

import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'pil:isPublic';

/** Marks a route that needs no access token (login, refresh, the workflow catalogue). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

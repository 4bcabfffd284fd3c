import { z } from 'zod';
import { ROLES } from '../../workflows/roles.js';
import { instant } from '../common/view-schemas.js';
import { PROCURATORATE_LEVELS } from '../procuratorates/entities/procuratorate.entity.js';

export const loginSchema = z.strictObject({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(1024),
});

export const refreshSchema = z.strictObject({
  refreshToken: z.string().regex(/^[A-Za-z0-9_-]{20,200}$/, 'not a refresh token'),
});

// ---- Responses ----

/** The logged-in user: name, role and procuratorate (always shown in the staff app). */
export const userViewSchema = z
  .strictObject({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    procuratorate: z
      .strictObject({
        id: z.uuid(),
        code: z.string(),
        name: z.string(),
        level: z.enum(PROCURATORATE_LEVELS),
      })
      .nullable(),
  })
  .meta({ id: 'User' });

/** A login or refresh: a short-lived access token and a rotating refresh token. */
export const tokenPairSchema = z
  .strictObject({
    tokenType: z.literal('Bearer'),
    accessToken: z.string().describe('send as `Authorization: Bearer <accessToken>`'),
    expiresIn: z.number().int().describe('seconds the access token is valid'),
    refreshToken: z.string().describe('exchange at /api/auth/refresh; each works once'),
    refreshExpiresAt: instant.describe('when the session ends; refreshing does not extend it'),
    user: userViewSchema,
  })
  .meta({ id: 'TokenPair' });

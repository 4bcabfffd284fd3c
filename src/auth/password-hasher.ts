import { hash, verify } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';

/**
 * argon2id with the library defaults, which are OWASP's minimum (m = 19 MiB, t = 2, p = 1; about
 * 0.1 s here). The PHC string carries its parameters, so they can be raised later: `needsRehash`.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** A valid argon2id hash of a random password: verified against when the user does not exist, so
 * an unknown username takes as long to refuse as a wrong password. */
let decoy: Promise<string> | undefined;

@Injectable()
export class PasswordHasher {
  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    if (passwordHash === null) {
      decoy ??= hash(`decoy-${Math.random()}`, OPTIONS);
      await verify(await decoy, password).catch(() => false);
      return false;
    }
    if (!passwordHash.startsWith('$argon2id$')) return false;
    return verify(passwordHash, password).catch(() => false);
  }
}

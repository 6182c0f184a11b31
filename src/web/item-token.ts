/**
 * Opaque tokens for finding and ticket keys in URLs (keys hold ID numbers).
 * AES-256-GCM with a synthetic IV (HMAC of the key), so a key always gets the
 * same token while the server secret stays the same, and a token cannot be
 * forged or read without it. Authorization is still checked after decoding.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../db/create-db.js';

export class ItemTokens {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(secret: Buffer) {
    this.encKey = createHmac('sha256', secret).update('recon item token: encrypt').digest();
    this.macKey = createHmac('sha256', secret).update('recon item token: iv').digest();
  }

  encode(key: string): string {
    const iv = createHmac('sha256', this.macKey).update(key).digest().subarray(0, 12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(key, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The key, or null for anything not made by `encode` with this secret. */
  decode(token: string): string | null {
    try {
      const raw = Buffer.from(token, 'base64url');
      if (raw.length < 29) return null;
      const decipher = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}

/**
 * The server secret: RECON_WEB_SECRET when set, else one generated on first
 * start and kept in web_settings so links survive a restart.
 */
export async function loadServerSecret(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  if (env.RECON_WEB_SECRET) return Buffer.from(env.RECON_WEB_SECRET, 'utf8');
  const stored = await db.kysely.selectFrom('web_settings').select('value').where('name', '=', 'secret').executeTakeFirst();
  if (stored) return Buffer.from(stored.value, 'base64');
  const fresh = randomBytes(32).toString('base64');
  await db.kysely
    .insertInto('web_settings')
    .values({ name: 'secret', value: fresh })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.kysely.selectFrom('web_settings').select('value').where('name', '=', 'secret').executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64');
}

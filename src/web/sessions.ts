/**
 * Sessions: a random token in an httpOnly SameSite=Lax cookie, stored as its
 * sha256 with the user, a per-session CSRF token and the findings search term.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/create-db.js';
import type { WebRole } from '../db/tables/web.js';

export const SESSION_COOKIE = 'recon_session';
const SESSION_HOURS = 12;

export interface SessionContext {
  tokenHash: string;
  csrfToken: string;
  search: string | null;
  user: { id: number; name: string; role: WebRole; region: string };
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Opens a session for the user; returns the cookie token. */
export async function createSession(db: Db, userId: number, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.kysely
    .insertInto('web_sessions')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      csrf_token: randomBytes(24).toString('base64url'),
      search: null,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
    })
    .execute();
  // expired sessions are swept at each login rather than by a timer
  await db.kysely.deleteFrom('web_sessions').where('expires_at', '<', now.toISOString()).execute();
  return token;
}

export async function loadSession(db: Db, token: string | undefined, now = new Date()): Promise<SessionContext | null> {
  if (!token) return null;
  const row = await db.kysely
    .selectFrom('web_sessions')
    .innerJoin('web_users', 'web_users.id', 'web_sessions.user_id')
    .select([
      'web_sessions.token_hash', 'web_sessions.csrf_token', 'web_sessions.search', 'web_sessions.expires_at',
      'web_users.id', 'web_users.name', 'web_users.role', 'web_users.region',
    ])
    .where('web_sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.expires_at < now.toISOString()) return null;
  return {
    tokenHash: row.token_hash,
    csrfToken: row.csrf_token,
    search: row.search,
    user: { id: row.id, name: row.name, role: row.role, region: row.region },
  };
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.kysely.deleteFrom('web_sessions').where('token_hash', '=', tokenHash).execute();
}

/** Stores (or clears, with null) the findings search term of a session. */
export async function setSessionSearch(db: Db, tokenHash: string, search: string | null): Promise<void> {
  await db.kysely.updateTable('web_sessions').set({ search }).where('token_hash', '=', tokenHash).execute();
}

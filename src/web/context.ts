/** What every route module is handed by the server. */
import type { Db } from '../db/create-db.js';
import type { ItemTokens } from './item-token.js';
import type { LoginRateLimiter } from './rate-limit.js';

/** where Bull Board is mounted (province users only) */
export const DASHBOARD_PATH = '/admin/queues';

export interface WebContext {
  db: Db;
  tokens: ItemTokens;
  loginLimiter: LoginRateLimiter;
  /** today's date for people's actions (ISO); injectable for tests */
  today: () => string;
  /** whether the session cookie needs `Secure` (behind HTTPS) */
  secureCookies: boolean;
}

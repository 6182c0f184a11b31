/**
 * Tables of the web page (src/web): accounts, sessions and the server secret
 * that makes opaque item tokens stable across restarts.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

export type WebRole = 'province' | 'city' | 'county';

export interface WebUserTable {
  id: Generated<number>;
  /** login name, unique */
  name: string;
  role: WebRole;
  /** province (2 digits), city (4) or county (6) code */
  region: string;
  /** `scrypt$N$r$p$salt$hash`, base64 parts */
  password_hash: string;
  created_at: string;
}

export interface WebSessionTable {
  /** sha256 of the cookie token: a leaked table gives no usable cookie */
  token_hash: string;
  user_id: number;
  /** per-session CSRF token, checked on every POST */
  csrf_token: string;
  /** the findings search term (name or ID), kept here so it never stands in a URL */
  search: string | null;
  created_at: string;
  expires_at: string;
}

export interface WebSettingTable {
  name: string;
  value: string;
}

export interface WebTables {
  web_users: WebUserTable;
  web_sessions: WebSessionTable;
  web_settings: WebSettingTable;
}

export type WebUser = Selectable<WebUserTable>;
export type NewWebUser = Insertable<WebUserTable>;
export type WebSession = Selectable<WebSessionTable>;

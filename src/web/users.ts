/** Web accounts: `recon user add` creates them, the login page checks them. */
import type { Db } from '../db/create-db.js';
import type { WebRole, WebUser } from '../db/tables/web.js';
import { InputError } from '../errors.js';
import { hashPassword, verifyPassword } from './password.js';
import { ROLE_REGION_LENGTH } from './scope.js';

export const WEB_ROLES: WebRole[] = ['province', 'city', 'county'];

export interface NewUserInput {
  name: string;
  role: string;
  region: string;
  password: string;
}

/** Creates an account, or replaces the password/role/region of an existing one (returns which). */
export async function addUser(db: Db, input: NewUserInput): Promise<'created' | 'updated'> {
  const name = input.name.trim();
  if (!/^[\p{L}\p{N}_.-]{1,64}$/u.test(name)) throw new InputError('user name: letters, digits, _ . - only (at most 64)');
  if (!WEB_ROLES.includes(input.role as WebRole)) throw new InputError(`--role: must be one of ${WEB_ROLES.join(', ')}`);
  const role = input.role as WebRole;
  const length = ROLE_REGION_LENGTH[role];
  if (!new RegExp(`^\\d{${length}}$`).test(input.region)) {
    throw new InputError(`--region: a ${role} user needs a ${length}-digit region code`);
  }
  if (input.password.length < 8) throw new InputError('password: at least 8 characters');
  const password_hash = await hashPassword(input.password);
  const existing = await findUserByName(db, name);
  if (existing) {
    await db.kysely.updateTable('web_users').set({ role, region: input.region, password_hash }).where('id', '=', existing.id).execute();
    return 'updated';
  }
  await db.kysely
    .insertInto('web_users')
    .values({ name, role, region: input.region, password_hash, created_at: new Date().toISOString() })
    .execute();
  return 'created';
}

export async function findUserByName(db: Db, name: string): Promise<WebUser | undefined> {
  return db.kysely.selectFrom('web_users').selectAll().where('name', '=', name).executeTakeFirst();
}

// A hash of a random password, so an unknown name costs the same time as a wrong password.
let decoyHash: Promise<string> | null = null;

/** The user when name and password are right, else null (same timing either way). */
export async function checkLogin(db: Db, name: string, password: string): Promise<WebUser | null> {
  const user = await findUserByName(db, name);
  decoyHash ??= hashPassword('decoy-password-never-used');
  const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash));
  return user && ok ? user : null;
}

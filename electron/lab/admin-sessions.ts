/**
 * Cookie sessions for the admin web interfaces. Each session carries the CSRF token its
 * forms must echo, and remembers which interfaces (/appliance, /login) it has logged in to,
 * since the two log in separately on a real appliance.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parseCookies } from './http-kit';

export type AdminInterface = 'appliance' | 'login';

export interface AdminSession {
  id: string;
  csrfToken: string;
  loggedIn: Set<AdminInterface>;
}

const COOKIE_NAME = 'lab_session';

export class AdminSessions {
  private readonly sessions = new Map<string, AdminSession>();

  find(req: IncomingMessage): AdminSession | undefined {
    const id = parseCookies(req)[COOKIE_NAME];
    return id === undefined ? undefined : this.sessions.get(id);
  }

  /** The request's session, or a new anonymous one whose cookie the caller must set. */
  findOrCreate(req: IncomingMessage): { session: AdminSession; setCookie?: string } {
    const existing = this.find(req);
    if (existing) return { session: existing };
    const session = this.create(new Set());
    return { session, setCookie: cookieFor(session) };
  }

  /** Logs the session in, under a fresh id and CSRF token so a planted cookie gains nothing. */
  logIn(session: AdminSession, iface: AdminInterface): { session: AdminSession; setCookie: string } {
    this.sessions.delete(session.id);
    const next = this.create(new Set([...session.loggedIn, iface]));
    return { session: next, setCookie: cookieFor(next) };
  }

  logOut(session: AdminSession, iface: AdminInterface): void {
    session.loggedIn.delete(iface);
  }

  private create(loggedIn: Set<AdminInterface>): AdminSession {
    const session = {
      id: randomBytes(24).toString('base64url'),
      csrfToken: randomBytes(24).toString('base64url'),
      loggedIn,
    };
    this.sessions.set(session.id, session);
    return session;
  }
}

export function csrfMatches(session: AdminSession, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(session.csrfToken, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieFor(session: AdminSession): string {
  return `${COOKIE_NAME}=${session.id}; HttpOnly; Secure; SameSite=Strict; Path=/`;
}

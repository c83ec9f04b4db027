import type { Context } from 'hono';
import type { Actor } from '../access/actor.js';
import { authorize, type Permission } from '../access/authorize.js';
import type { AppEnv } from '../http/env.js';

export type NavEntry = {
  href: string;
  label: string;
  permission: Permission;
  order: number;
  /**
   * A further condition read from the database, for an entry that would lead nowhere without it (e.g.
   * the club's meetings for a landlord in no network). Asked only of those holding the permission.
   */
  shown?: (c: Context<AppEnv>, actor: Actor) => Promise<boolean>;
};
const entries: NavEntry[] = [];

/** Modules add their entries from their manifests; each shows only to those allowed to follow it. */
export function addNavigation(entry: NavEntry): void {
  entries.push(entry);
  entries.sort((a, b) => a.order - b.order);
}

/** The entries the actor's permissions open (without the `shown` conditions). */
export function navigationFor(actor: Actor): NavEntry[] {
  return entries.filter((e) => authorize(actor, e.permission) === 'allow');
}

/** The entries to show this request: permitted, and whose `shown` condition, if any, holds. */
export async function visibleNavigation(c: Context<AppEnv>, actor: Actor): Promise<NavEntry[]> {
  const permitted = navigationFor(actor);
  // A condition that cannot be read (the database gone mid-request, while an error page renders) hides
  // its entry rather than failing the page.
  const shown = await Promise.all(permitted.map((e) => (e.shown ? e.shown(c, actor).catch(() => false) : true)));
  return permitted.filter((_, i) => shown[i]);
}

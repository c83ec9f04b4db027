import type { Actor } from '../access/actor.js';
import { authorize, type Permission } from '../access/authorize.js';

export type NavEntry = { href: string; label: string; permission: Permission; order: number };
const entries: NavEntry[] = [];

/** Modules add their entries from their manifests; each shows only to those allowed to follow it. */
export function addNavigation(entry: NavEntry): void {
  entries.push(entry);
  entries.sort((a, b) => a.order - b.order);
}

export function navigationFor(actor: Actor): NavEntry[] {
  return entries.filter((e) => authorize(actor, e.permission) === 'allow');
}

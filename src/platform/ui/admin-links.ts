import type { Actor } from '../access/actor.js';
import { authorize, type Permission } from '../access/authorize.js';

type AdminLink = { href: string; label: string; permission: Permission };
const links: AdminLink[] = [];

/** Modules list their administration pages here; /admin shows those the actor may open. */
export function addAdminLink(link: AdminLink): void {
  links.push(link);
}

export function adminLinksFor(actor: Actor): AdminLink[] {
  return links.filter((l) => authorize(actor, l.permission) === 'allow');
}

import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access/actor.js';
import { grant } from '../../platform/access/authorize.js';
import type { Role } from '../../platform/access/roles.js';
import { canDecide, canReadCase, canSeeDossier, canWriteCase, SUPPORT_PERMISSIONS } from './policy.js';

for (const [p, roles] of Object.entries(SUPPORT_PERMISSIONS)) grant(p, [...roles]);

const ORG = 'org-logirem';
const actor = (userId: string, role: Role, orgId = ORG): Actor => ({
  kind: 'user',
  userId,
  displayName: userId,
  locale: 'fr',
  orgId,
  roles: [role],
  residenceIds: null,
  householdId: null,
  actingFor: null,
  tokenScopes: null,
});

const c = { organisationId: ORG, assignedUserIds: ['adviser-a'], managerUserId: 'manager' };

describe('need-to-know on cases (policy)', () => {
  const matrix: [string, Actor | null, string][] = [
    ['assigned adviser A', actor('adviser-a', 'social_adviser'), 'allow'],
    ['unassigned adviser B', actor('adviser-b', 'social_adviser'), 'not_found'],
    ['programme manager', actor('manager', 'programme_manager'), 'allow'],
    ['another programme’s manager', actor('manager-2', 'programme_manager'), 'not_found'],
    ['organisation administrator', actor('admin', 'org_admin'), 'forbidden'],
    ['concierge', actor('concierge', 'concierge'), 'forbidden'],
    ['facilitator', actor('facilitator', 'facilitator'), 'forbidden'],
    ['commission member', actor('member', 'commission_member'), 'forbidden'],
    ['partner staff', actor('partner', 'partner_staff'), 'forbidden'],
    ['adviser A of another organisation', actor('adviser-a', 'social_adviser', 'org-other'), 'not_found'],
    ['nobody signed in', null, 'unauthenticated'],
  ];
  for (const [who, a, want] of matrix) it(`${who}: ${want}`, () => expect(canReadCase(a, c)).toBe(want));

  it('writing follows reading', () => {
    expect(canWriteCase(actor('adviser-a', 'social_adviser'), c)).toBe('allow');
    expect(canWriteCase(actor('adviser-b', 'social_adviser'), c)).toBe('not_found');
  });
});

describe('commission dossiers and decisions (policy)', () => {
  const d = { ...c, sessionMemberIds: ['member'] };
  it('a member of a session holding the dossier sees it; another member does not', () => {
    expect(canSeeDossier(actor('member', 'commission_member'), d)).toBe('allow');
    expect(canSeeDossier(actor('member-2', 'commission_member'), d)).toBe('not_found');
  });
  it('the case’s adviser and the manager see it; a concierge does not', () => {
    expect(canSeeDossier(actor('adviser-a', 'social_adviser'), d)).toBe('allow');
    expect(canSeeDossier(actor('manager', 'programme_manager'), d)).toBe('allow');
    expect(canSeeDossier(actor('concierge', 'concierge'), d)).toBe('forbidden');
  });
  it('only the session’s members and the manager decide', () => {
    const s = { organisationId: ORG, memberIds: ['member'], managerUserId: 'manager' };
    expect(canDecide(actor('member', 'commission_member'), s)).toBe('allow');
    expect(canDecide(actor('manager', 'programme_manager'), s)).toBe('allow');
    expect(canDecide(actor('member-2', 'commission_member'), s)).toBe('forbidden');
    expect(canDecide(actor('adviser-a', 'social_adviser'), s)).toBe('forbidden');
  });
});

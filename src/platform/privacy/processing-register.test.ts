import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import { asDemo } from '../../../test/security/helpers.js';
import { MODULES } from '../../modules.js';
import { knownPermissions } from '../access/authorize.js';
import { en } from '../i18n/en.js';
import { fr } from '../i18n/fr.js';
import { type ProcessingActivity, declaredProcessing } from './processing.js';

/**
 * Convention: a recipient outside the organisation (a partner association, a provider, a network, funders,
 * residents reading each other's posts…) has a key containing `.recipients.outside.`.
 */
const OUTSIDE = '.recipients.outside.';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  // Building the app registers every module's permissions, strings and declarations, as in production.
  t = await testApp();
});

const checked = () => MODULES;
const activitiesOf = (name: string): ProcessingActivity[] => declaredProcessing().find((d) => d.module === name)?.activities ?? [];
const keysOf = (a: ProcessingActivity) => [a.purpose, a.retention, ...a.recipients];

describe('record of processing activities: what the modules declare', () => {
  it('has every module of the installation declare at least one activity', () => {
    expect(checked().length).toBeGreaterThan(1);
    expect(checked().filter((m) => activitiesOf(m.name).length === 0).map((m) => m.name)).toEqual([]);
  });

  it('has every text of every declaration in both the French and the English catalogue', () => {
    const catalogue = { fr: { ...fr } as Record<string, string>, en: { ...en } as Record<string, string> };
    for (const m of MODULES) {
      Object.assign(catalogue.fr, m.messages?.fr);
      Object.assign(catalogue.en, m.messages?.en);
    }
    const missing: string[] = [];
    for (const m of checked()) {
      for (const a of activitiesOf(m.name)) {
        if (a.recipients.length === 0) missing.push(`${m.name}: ${a.purpose} has no recipient`);
        for (const key of keysOf(a)) {
          if (!catalogue.fr[key]?.trim()) missing.push(`${m.name}: fr ${key}`);
          if (!catalogue.en[key]?.trim()) missing.push(`${m.name}: en ${key}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('names only permissions the policy knows, each held by at least one role', () => {
    const known = new Set(knownPermissions());
    const unknown = checked().flatMap((m) => activitiesOf(m.name).flatMap((a) => a.access.filter((p) => !known.has(p)).map((p) => `${m.name}: ${p}`)));
    expect(unknown).toEqual([]);
    for (const m of checked()) for (const a of activitiesOf(m.name)) expect(a.access.length, `${m.name}: ${a.purpose}`).toBeGreaterThan(0);
  });

  it('marks as sensitive every activity about health or social situations whose data leave the organisation', () => {
    const unmarked = checked().flatMap((m) =>
      activitiesOf(m.name)
        .filter((a) => a.categories.some((c) => c === 'health' || c === 'social') && a.recipients.some((r) => r.includes(OUTSIDE)) && !a.sensitive)
        .map((a) => `${m.name}: ${a.purpose}`),
    );
    expect(unmarked).toEqual([]);
  });

  it('shows the declared modules on the register page, in words, and "not declared" only for the ones not wired yet', async () => {
    const dpo = await asDemo(t, 'org_admin');
    const html = await (await dpo.get('/admin/privacy/register')).text();
    // No raw key reaches the page: a missing string would show itself.
    expect(html).not.toMatch(/[a-z]+\.processing\.[a-zA-Z.]+/);
    const sections = html.split('<section>').slice(1);
    const sectionOf = (name: string) => sections.find((s) => s.includes(`id="m-${name}"`));
    expect(MODULES.filter((m) => !sectionOf(m.name)).map((m) => m.name)).toEqual([]);
    const undeclared = MODULES.filter((m) => sectionOf(m.name)?.includes('pas encore déclaré')).map((m) => m.name);
    expect(undeclared).toEqual([]);
  });
});

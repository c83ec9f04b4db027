import { beforeAll, describe, expect, it } from 'vitest';
import { LOGIREM } from '../src/modules/support/test-helpers.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
beforeAll(async () => {
  s = await browserSession();
});

describe('support: eligibility answers (no JavaScript, 360 px, axe)', () => {
  it('the manager asks two questions; the adviser answers them on the case (an error first, values kept); the manager sees the counts', async () => {
    const manager = await newPage(s.browser, { js: false });
    await signInWith(manager, s.base, LOGIREM.manager);
    await manager.goto(`${s.base}/support/programmes`);
    const french = manager.getByRole('button', { name: 'Français' });
    if ((await french.count()) > 0) await french.click();
    await manager.getByRole('link', { name: 'Nouveaux entrants', exact: true }).click();
    await manager.getByLabel('Questions d’éligibilité').fill('Le foyer arrive-t-il d’un autre département ?\nLe foyer a-t-il un équipement à installer ?');
    await manager.getByRole('button', { name: 'Enregistrer' }).click();

    const adviser = await newPage(s.browser, { js: false });
    await signInWith(adviser, s.base, LOGIREM.adviserA);
    await adviser.goto(`${s.base}/support/cases`);
    await adviser.getByRole('row').filter({ hasText: 'Nouveaux entrants' }).first().getByRole('link').click();
    const caseUrl = adviser.url();
    await expect.poll(() => adviser.getByRole('heading', { name: 'Éligibilité' }).count()).toBe(1);
    const first = adviser.getByRole('group', { name: 'Le foyer arrive-t-il d’un autre département ?' });
    await first.getByLabel('Oui').check();
    await adviser.getByRole('button', { name: 'Enregistrer les réponses' }).click();
    await expect.poll(() => adviser.getByRole('alert').textContent()).toContain('Répondez à cette question (oui, non ou ne sait pas).');
    expect(await adviser.getByRole('group', { name: 'Le foyer arrive-t-il d’un autre département ?' }).getByLabel('Oui').isChecked()).toBe(true);
    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, LOGIREM.adviserA);
    await axe.goto(caseUrl);
    await expectAccessible(axe);
    await adviser.getByRole('group', { name: 'Le foyer a-t-il un équipement à installer ?' }).getByLabel('Non').check();
    await adviser.getByRole('button', { name: 'Enregistrer les réponses' }).click();
    const answers = adviser.getByRole('table', { name: /Réponses aux questions d’éligibilité/ });
    await expect.poll(() => answers.textContent()).toContain('Non');
    await axe.goto(caseUrl);
    await expectAccessible(axe);

    await manager.goto(`${s.base}/support/programmes`);
    const counts = manager.getByRole('table', { name: 'Réponses d’éligibilité — Nouveaux entrants' });
    await expect.poll(() => counts.getByRole('row', { name: /équipement à installer/ }).textContent()).toContain('1');
    await axe.close();
    const axeManager = await newPage(s.browser, { js: true });
    await signInWith(axeManager, s.base, LOGIREM.manager);
    await axeManager.goto(`${s.base}/support/programmes`);
    await expectAccessible(axeManager);
  }, 180_000);
});

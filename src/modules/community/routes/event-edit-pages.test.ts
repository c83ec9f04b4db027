import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import { inDays } from '../test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});

const activity = { title: 'Atelier compost', category: 'workshop', address: 'Jardin partagé', date: inDays(45), startTime: '10:00', endTime: '12:00', capacity: '1', registration: 'approval' };

describe('changing, cancelling and approving over HTTP', () => {
  it('edits with field errors kept, approves a request from the requests page, then cancels with a reason the resident sees', async () => {
    const staff = t.client();
    await staff.signIn(demo('facilitator'));
    const created = await staff.post('/community/manage/events/new', activity);
    const id = (created.headers.get('location') as string).split('/')[4].split('?')[0];

    const resident = t.client();
    await resident.signIn(demo('resident'));
    expect((await resident.post(`/community/events/${id}/register`, { adults: '1' })).headers.get('location')).toBe(`/community/events/${id}?done=pending`);
    expect((await resident.get(`/community/manage/events/${id}/edit`)).status).toBe(403);
    expect((await resident.get('/community/manage/requests')).status).toBe(403);

    const form = await (await staff.get(`/community/manage/events/${id}/edit`)).text();
    expect(form).toContain('value="Atelier compost"');
    expect(form).toContain('value="10:00"');
    const bad = await staff.post(`/community/manage/events/${id}/edit`, { ...activity, title: 'Atelier compost partagé', endTime: '09:00' });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('L’heure de fin doit suivre l’heure de début.');
    expect(badHtml).toContain('value="Atelier compost partagé"');
    const ok = await staff.post(`/community/manage/events/${id}/edit`, { ...activity, startTime: '10:30' });
    expect(ok.headers.get('location')).toBe(`/community/manage/events/${id}?done=updatedNotified`);

    const requests = await (await staff.get('/community/manage/requests')).text();
    expect(requests).toContain('Atelier compost');
    const regId = /registrations\/([0-9a-f-]{36})\/decide/.exec(requests)?.[1] as string;
    const approved = await staff.post(`/community/manage/registrations/${regId}/decide`, { decision: 'approve', next: '/community/manage/requests' });
    expect(approved.headers.get('location')).toBe('/community/manage/requests?done=approved');
    const again = await staff.post(`/community/manage/registrations/${regId}/decide`, { decision: 'refuse', next: '/community/manage/requests' });
    expect(again.headers.get('location')).toBe('/community/manage/requests?done=notDecided');
    expect(await (await resident.get(`/community/events/${id}`)).text()).toContain('Vous êtes inscrits (1 personne).');

    const noReason = await staff.post(`/community/manage/events/${id}/cancel`, { reason: '' });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('aria-describedby="f-reason-hint f-reason-error"');
    const cancelled = await staff.post(`/community/manage/events/${id}/cancel`, { reason: 'Pluie annoncée' });
    expect(cancelled.headers.get('location')).toBe(`/community/manage/events/${id}?done=eventCancelled`);
    expect(await (await staff.get(cancelled.headers.get('location') as string)).text()).toContain('L’activité est annulée ; les inscrits sont prévenus et la salle est libérée.');
    const seen = await (await resident.get(`/community/events/${id}`)).text();
    expect(seen).toContain('Cette activité est annulée. Raison : Pluie annoncée');
    expect(seen).not.toContain('Annuler mon inscription');
    const { rows } = await t.database.owner.query(`select subject from notifications n join users u on u.id = n.user_id where u.email = $1 and subject like '%Atelier compost%' order by n.created_at`, [demo('resident')]);
    expect(rows.map((r) => r.subject)).toEqual(['Demande reçue : Atelier compost', 'Changement : Atelier compost', 'Inscription acceptée : Atelier compost', 'Activité annulée : Atelier compost']);
  });

  it('prints the sign-up sheet as a page and as an A4 PDF, each read of guests’ contacts audited; residents are refused', async () => {
    const tasting = (await t.database.owner.query(`select id from community_events where title like 'Dégustation%'`)).rows[0].id as string;
    const guest = t.client();
    await guest.post(`/c/plurial-novilia/events/${tasting}`, { name: 'Mme Lopez', contact: '06 12 34 56 78', adults: '1' });
    const staff = t.client();
    await staff.signIn(demo('facilitator'));
    const sheet = await staff.get(`/community/manage/events/${tasting}/sheet`);
    const html = await sheet.text();
    expect(html).toContain('@media print');
    expect(html).toContain('Mme Lopez');
    expect(html).toContain('06 12 34 56 78');
    const pdf = await staff.get(`/community/manage/events/${tasting}/sheet.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer()).toString('latin1');
    expect(bytes.startsWith('%PDF-')).toBe(true);
    expect(bytes).toContain('/MediaBox [0 0 595.28 841.89]'); // A4
    // Text runs are hex strings of glyphs; kerning splits them, so they are joined before reading.
    const text = [...bytes.matchAll(/<([0-9a-f]+)>/g)].map((m) => Buffer.from(m[1], 'hex').toString('latin1')).join('');
    expect(text).toContain('Mme Lopez');
    expect(text).toContain('Feuille d’émargement'.replace('’', '\x92'));
    const { rows } = await t.database.owner.query(`select details->>'where' as place from audit_events where action = 'community.guest_contact.read' and target_id = $1 order by id`, [tasting]);
    expect(rows.map((r) => r.place)).toEqual(['sheet', 'sheet']);
    const resident = t.client();
    await resident.signIn(demo('resident'));
    expect((await resident.get(`/community/manage/events/${tasting}/sheet.pdf`)).status).toBe(403);
  });
});

import type { Context, Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { cancelNetworkMeeting, meetingFormValues, meetingRefusal, networkMeetingOfNetwork, updateNetworkMeeting } from '../../community/index.js';
import { ClubEditPage } from '../views/club-form.js';
import { db, guarded } from './club-guard.js';

// The organiser changes or cancels a club meeting (community's commands: places never below the seats
// taken, the waiting list moves up, registered and waiting staff are told by e-mail with the calendar file).
const MANAGE = 'community.network_meetings.manage';

async function formValues(c: Context<AppEnv>): Promise<Record<string, string>> {
  const form = await c.req.parseBody();
  return Object.fromEntries(Object.entries(form).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
}

export function registerClubEditRoutes(app: Hono<AppEnv>): void {
  route(app, 'GET', '/impact/network/club/:id/edit', MANAGE, (c) =>
    guarded(c, async () => {
      const m = await networkMeetingOfNetwork(db(c), c.get('actor') as Actor, c.req.param('id') ?? '');
      return c.html(<ClubEditPage c={c} m={m} values={meetingFormValues(m)} errors={{}} />);
    }),
  );

  route(app, 'POST', '/impact/network/club/:id/edit', MANAGE, (c) =>
    guarded(c, async () => {
      const actor = c.get('actor') as Actor;
      const id = c.req.param('id') ?? '';
      const values = await formValues(c);
      try {
        await updateNetworkMeeting(db(c), actor, id, values);
      } catch (e) {
        const refused = meetingRefusal(e);
        if (!refused) throw e;
        const m = await networkMeetingOfNetwork(db(c), actor, id);
        return c.html(<ClubEditPage c={c} m={m} values={values} errors={refused.errors} />, refused.status);
      }
      deliverSoon(c.get('services'));
      return c.redirect(`/impact/network/club/${id}?done=updated`, 303);
    }),
  );

  route(app, 'POST', '/impact/network/club/:id/cancel', MANAGE, (c) =>
    guarded(c, async () => {
      const actor = c.get('actor') as Actor;
      const id = c.req.param('id') ?? '';
      const values = await formValues(c);
      try {
        await cancelNetworkMeeting(db(c), actor, id, values);
      } catch (e) {
        const refused = meetingRefusal(e);
        if (!refused) throw e;
        const m = await networkMeetingOfNetwork(db(c), actor, id);
        return c.html(<ClubEditPage c={c} m={m} values={meetingFormValues(m)} errors={{}} reason={values.reason} cancelErrors={refused.errors} />, refused.status);
      }
      deliverSoon(c.get('services'));
      return c.redirect(`/impact/network/club/${id}?done=meetingCancelled`, 303);
    }),
  );
}

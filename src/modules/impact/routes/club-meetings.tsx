import type { Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import {
  cancelClubRegistration,
  clubMeetingForMember,
  clubMeetingsForMember,
  createNetworkMeeting,
  meetingRefusal,
  networkMeetingRoster,
  networkMeetingsOfNetwork,
  registerForClubMeeting,
} from '../../community/index.js';
import { networksOf } from '../queries/benchmark.js';
import { ClubFormPage } from '../views/club-form.js';
import { ClubListPage, ClubMeetingPage, ClubRosterPage } from '../views/club-meetings.js';
import { registerClubEditRoutes } from './club-edit.js';
import { db, guarded } from './club-guard.js';

// Club meetings (docs/decisions/network-meetings.md): the network's staff organise at /impact/network/club,
// its member landlords' staff see and join at /impact/network/meetings. Every rule is community's command.
const ATTEND = 'community.network_meetings.attend';
const MANAGE = 'community.network_meetings.manage';

export function registerClubRoutes(app: Hono<AppEnv>): void {
  route(app, 'GET', '/impact/network/meetings', ATTEND, (c) =>
    guarded(c, async () => {
      const actor = c.get('actor') as Actor;
      const networks = (await networksOf(db(c), actor)).filter((n) => n.id !== actor.orgId);
      const asked = c.req.query('network');
      const network = asked ? networks.find((n) => n.id === asked) : networks[0];
      if (asked && !network) return errorPage(c, 404);
      const meetings = network ? await clubMeetingsForMember(db(c), actor, network.id) : [];
      return c.html(<ClubListPage c={c} networks={networks} network={network ?? null} meetings={meetings} organiser={false} />);
    }),
  );

  route(app, 'GET', '/impact/network/meetings/:id', ATTEND, (c) =>
    guarded(c, async () => {
      const m = await clubMeetingForMember(db(c), c.get('actor') as Actor, c.req.param('id') ?? '');
      return c.html(<ClubMeetingPage c={c} m={m} done={c.req.query('done')} />);
    }),
  );

  for (const [action, command] of [
    ['register', registerForClubMeeting],
    ['cancel', cancelClubRegistration],
  ] as const) {
    route(app, 'POST', `/impact/network/meetings/:id/${action}`, ATTEND, (c) =>
      guarded(c, async () => {
        const actor = c.get('actor') as Actor;
        const id = c.req.param('id') ?? '';
        let done: string = action === 'register' ? 'registered' : 'cancelled';
        try {
          const r = await command(db(c), actor, id);
          if ('status' in r && r.status === 'waiting') done = 'waiting';
        } catch (e) {
          const refused = meetingRefusal(e);
          if (!refused) throw e;
          const m = await clubMeetingForMember(db(c), actor, id);
          return c.html(<ClubMeetingPage c={c} m={m} errors={refused.errors} />, refused.status);
        }
        // The confirmation (with its calendar file), or the seat given to the first person waiting, goes out now.
        deliverSoon(c.get('services'));
        return c.redirect(`/impact/network/meetings/${id}?done=${done}`, 303);
      }),
    );
  }

  route(app, 'GET', '/impact/network/club', MANAGE, (c) =>
    guarded(c, async () => {
      const actor = c.get('actor') as Actor;
      const network = (await networksOf(db(c), actor)).find((n) => n.id === actor.orgId) ?? null;
      const meetings = network ? await networkMeetingsOfNetwork(db(c), actor) : [];
      return c.html(<ClubListPage c={c} networks={network ? [network] : []} network={network} meetings={meetings} organiser={true} />);
    }),
  );

  route(app, 'GET', '/impact/network/club/new', MANAGE, (c) => c.html(<ClubFormPage c={c} values={{}} errors={{}} />));

  route(app, 'POST', '/impact/network/club', MANAGE, (c) =>
    guarded(c, async () => {
      const form = await c.req.parseBody();
      const values = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
      try {
        const { id } = await createNetworkMeeting(db(c), c.get('actor') as Actor, values);
        return c.redirect(`/impact/network/club/${id}`, 303);
      } catch (e) {
        const refused = meetingRefusal(e);
        if (!refused) throw e;
        return c.html(<ClubFormPage c={c} values={values} errors={refused.errors} />, refused.status);
      }
    }),
  );

  route(app, 'GET', '/impact/network/club/:id', MANAGE, (c) =>
    guarded(c, async () => {
      const { meeting, roster, waiting } = await networkMeetingRoster(db(c), c.get('actor') as Actor, c.req.param('id') ?? '');
      return c.html(<ClubRosterPage c={c} m={meeting} roster={roster} waiting={waiting} done={c.req.query('done')} />);
    }),
  );

  registerClubEditRoutes(app);
}

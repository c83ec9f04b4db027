import type { Hono } from 'hono';
import { z } from 'zod';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { casePerson, setCasePerson } from '../commands/case-person.js';
import { asActor } from '../commands/result.js';
import { readCase } from '../queries/read-case.js';
import { refused } from './api-write.js';
import { ctx, param } from './respond.js';

const Person = z.object({
  personUserId: z.string().nullable().describe('The resident the case is about (their user id); null: the household as a whole'),
  residents: z.array(z.object({ userId: z.string(), name: z.string() })).describe('The household’s residents with an account: whom the case may be about'),
});

/** /api/v1/support/cases/{id}/person: whom a case is about, as on the case page ("Personne concernée"). */
export function registerSupportPersonApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/cases/:id/person',
      permission: 'support.cases.read',
      tag: 'support',
      summary: 'Whom a case is about, and who of the household may be named',
      description: 'For the people who follow the case (others get 404); the read is audited as a read of the case.',
      response: Person,
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await readCase(db, actor, param(c, 'id'), 'api person');
      if (!r.ok) return refused(c, r);
      const householdId = r.detail.row.household_id;
      const person = householdId ? await asActor(db, actor, (tx) => casePerson(tx, r.detail.row.id, householdId)) : { current: null, options: [] };
      return c.json(Person.parse({ personUserId: person.current, residents: person.options.map((o) => ({ userId: o.user_id, name: o.display_name })) }));
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/person',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Name the person a case is about (or the household as a whole)',
      description:
        'A resident of the case’s household with an account (422 at personUserId otherwise), or null for the household as a whole. It decides whose data export shows the case. Audited without the name. Same token rule as the other writes on a case.',
      body: z.object({ personUserId: z.string().nullable() }),
      response: z.object({ personUserId: z.string().nullable() }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await setCasePerson(db, actor, param(c, 'id'), body.personUserId ?? '');
      return r.ok ? c.json({ personUserId: body.personUserId ?? null }) : refused(c, r);
    },
  );
}

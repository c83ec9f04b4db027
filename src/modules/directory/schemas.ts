import { z } from 'zod';
import { STAFF_ROLES } from '../../platform/access/roles.js';
import { RESIDENCE_KINDS } from './commands/import/rows.js';
import { UUID } from './views/ui.js';

const required = (max: number) => z.string().trim().min(1, 'form.required').max(max, 'directory.import.error.tooLong');

const coordinate = (limit: number) =>
  z
    .string()
    .trim()
    .transform((v) => v.replace(',', '.'))
    .refine((v) => v === '' || (/^-?\d{1,3}(\.\d+)?$/.test(v) && Math.abs(Number(v)) <= limit), 'directory.import.error.coordinate')
    .transform((v) => (v === '' ? null : Number(v)));

/** The residence form (create and edit). */
export const residenceInput = z.object({
  reference: required(64),
  name: required(200),
  kind: z.enum(RESIDENCE_KINDS, { message: 'directory.import.error.kind' }),
  address: required(300),
  postcode: z.string().trim().regex(/^\d{5}$/, 'directory.import.error.postcode'),
  city: required(120),
  latitude: coordinate(90),
  longitude: coordinate(180),
  agency: z
    .string()
    .refine((v) => v === '' || UUID.test(v), 'form.invalid')
    .transform((v) => v || null),
});
export type ResidenceInput = z.infer<typeof residenceInput>;

const scope = {
  role: z.enum(STAFF_ROLES as [string, ...string[]], { message: 'form.required' }),
  scope: z.enum(['all', 'some'], { message: 'form.required' }),
  residences: z.array(z.string().regex(UUID, 'form.invalid')).max(500),
};

const scopeRule = (v: { scope: string; residences: string[] }, ctx: z.RefinementCtx) => {
  if (v.scope === 'some' && v.residences.length === 0) ctx.addIssue({ code: 'custom', path: ['residences'], message: 'directory.member.pickResidence' });
};

/** Role and scope of a membership: the whole organisation, or a list of its residences. */
export const memberScopeInput = z.object(scope).superRefine(scopeRule);
export type MemberScopeInput = z.infer<typeof memberScopeInput>;

/** A new team member: who they are, then their role and scope. */
export const newMemberInput = z
  .object({
    name: required(120),
    email: z.string().trim().toLowerCase().max(254, 'directory.import.error.tooLong').pipe(z.email('directory.import.error.email')),
    ...scope,
  })
  .superRefine(scopeRule);
export type NewMemberInput = z.infer<typeof newMemberInput>;

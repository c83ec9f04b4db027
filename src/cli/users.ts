import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isRole, ROLES } from '../platform/access/roles.js';
import { audit } from '../platform/audit/audit.js';
import { checkPassword, hashPassword } from '../platform/auth/passwords.js';
import { withTenant } from '../platform/db/tenant.js';
import { CliError, type CliContext, withDatabase } from './context.js';

const Input = z.object({
  email: z.email('--email must be an e-mail address').transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1, '--name is required').max(120),
  role: z.string().refine(isRole, `--role must be one of: ${ROLES.join(', ')}`),
  org: z.string().trim().min(1, '--org (the organisation’s slug) is required'),
});

/** A password of 20 characters from an unambiguous alphabet: easy to type once, then changed by its owner. */
function generatedPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

/**
 * `palier user create`: a person with one role in one organisation. The password comes from stdin
 * (never from the command line, which other users of the machine can read), or is generated and shown once.
 */
export async function createUserCommand(ctx: CliContext, opts: Record<string, string | boolean | undefined>, stdin: () => Promise<string>): Promise<void> {
  const parsed = Input.safeParse({ email: opts.email, name: opts.name, role: opts.role, org: opts.org });
  if (!parsed.success) throw new CliError(parsed.error.issues.map((i) => i.message).join('\n'), 2);
  const input = parsed.data;
  // One trailing newline is the terminal's (echo, a here-string), not part of the password.
  const given = opts['password-stdin'] === true ? (await stdin()).replace(/\r?\n$/, '') : null;
  if (given !== null) {
    const problem = checkPassword(given);
    if (problem) throw new CliError(`The password on stdin is refused: ${problem === 'password.tooShort' ? 'at least 12 characters' : problem === 'password.tooLong' ? 'at most 128 characters' : 'too common'}.`, 2);
  }
  const password = given ?? generatedPassword();
  const hash = await hashPassword(password);
  await withDatabase(ctx, async ({ database }) => {
    const { db } = database;
    const org = await db.selectFrom('organisations').select(['id', 'name']).where('slug', '=', input.org).executeTakeFirst();
    if (!org) throw new CliError(`No organisation with the slug "${input.org}".`);
    const existing = await db.selectFrom('users').select('id').where(({ fn, eb }) => eb(fn('lower', ['email']), '=', input.email)).executeTakeFirst();
    if (existing) throw new CliError(`A user with the e-mail ${input.email} already exists.`);
    await withTenant(db, { orgId: org.id as string }, async (tx) => {
      const user = await tx.insertInto('users').values({ email: input.email, display_name: input.name, password_hash: hash }).returning('id').executeTakeFirstOrThrow();
      await tx.insertInto('memberships').values({ organisation_id: org.id, user_id: user.id, role: input.role }).execute();
      await audit(tx, { action: 'user.created', organisationId: org.id as string, targetType: 'user', targetId: user.id as string, details: { via: 'cli', role: input.role } });
    });
    ctx.out.write(`Created ${input.email}: ${input.role} in ${org.name}.\n`);
    if (given === null) ctx.out.write(`Password (shown once, to be changed at first sign-in): ${password}\n`);
  });
}

import type { Actor } from '../../../platform/access/actor.js';
import { STAFF_ROLES } from '../../../platform/access/roles.js';
import type { Translate } from '../../../platform/i18n/index.js';
import type { FieldErrors } from '../../../platform/ui/form.js';
import { grantableRoles } from '../commands/memberships.js';
import { Choices, Select } from './ui.js';

export type ScopeValues = { role: string; scope: string; residences: string[] };

/** Role, then scope: the whole organisation or the residences ticked below (they count only for the second choice). */
export function MemberScopeFields(p: { t: Translate; actor: Actor; values: ScopeValues; errors: FieldErrors; residences: { id: string; name: string }[] }) {
  const { t } = p;
  return (
    <>
      <Select t={t} name="role" label={t('directory.member.role')} value={p.values.role} error={p.errors.role} options={grantableRoles(p.actor, STAFF_ROLES).map((r) => ({ value: r, label: t(`role.${r}`) }))} />
      <Choices
        t={t}
        type="radio"
        name="scope"
        legend={t('directory.member.scope')}
        checked={[p.values.scope]}
        error={p.errors.scope}
        options={[
          { value: 'all', label: t('directory.member.scopeAll') },
          { value: 'some', label: t('directory.member.scopeSome') },
        ]}
      />
      {p.residences.length > 0 && (
        <Choices t={t} type="checkbox" name="residences" legend={t('directory.member.residences')} checked={p.values.residences} error={p.errors.residences} options={p.residences.map((r) => ({ value: r.id, label: r.name }))} />
      )}
    </>
  );
}

export function memberLabels(t: Translate): Record<string, string> {
  return {
    name: t('directory.member.name'),
    email: t('directory.member.email'),
    role: t('directory.member.role'),
    scope: t('directory.member.scope'),
    residences: t('directory.member.residences'),
  };
}

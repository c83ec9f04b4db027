import type { Migration } from '../../../platform/db/migration.js';
import { ASSIGNED, IN_TEAM, MANAGES, ME, needToKnowTable, SITS_ON } from './need-to-know-sql.js';

const ORG = "nullif(current_setting('app.org_id', true), '')::uuid";

/** Replaces a table's need-to-know policy with one that also lets the programme's named team in. */
function widen(table: string, condition: string): string {
  return `DROP POLICY ${table}_need_to_know ON ${table};
CREATE POLICY ${table}_need_to_know ON ${table} USING (organisation_id = ${ORG} AND (${condition})) WITH CHECK (organisation_id = ${ORG});`;
}

export const migration: Migration = {
  id: '20261205081000_support_teams',
  sql: `
-- The named team of a programme: the people, chosen by its manager, who follow every case of it.
-- With the advisers assigned to a case and the programme's manager, nobody else sees a case —
-- not an administrator, not another adviser.
CREATE TABLE support_programme_team (
  organisation_id uuid NOT NULL REFERENCES organisations,
  programme_id uuid NOT NULL REFERENCES support_programmes ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users,
  added_by uuid REFERENCES users,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (programme_id, user_id)
);
CREATE INDEX support_programme_team_user ON support_programme_team (user_id);
${needToKnowTable('support_programme_team', `support_programme_team.user_id = ${ME} OR ${MANAGES('support_programme_team.programme_id')}`)}

${widen('support_cases', `${ASSIGNED('support_cases.id')} OR ${MANAGES('support_cases.programme_id')} OR ${IN_TEAM('support_cases.programme_id')}`)}
${widen('support_case_assignments', `support_case_assignments.user_id = ${ME} OR ${MANAGES('support_case_assignments.programme_id')} OR ${IN_TEAM('support_case_assignments.programme_id')}`)}
${widen('support_dossiers', `${ASSIGNED('support_dossiers.case_id')} OR ${MANAGES('support_dossiers.programme_id')} OR ${IN_TEAM('support_dossiers.programme_id')} OR ${SITS_ON('support_dossiers.id')}`)}
${widen('support_decisions', `${ASSIGNED('support_decisions.case_id')} OR ${MANAGES('support_decisions.programme_id')} OR ${IN_TEAM('support_decisions.programme_id')} OR ${SITS_ON('support_decisions.dossier_id')}`)}
DROP POLICY support_referrals_need_to_know ON support_referrals;
CREATE POLICY support_referrals_need_to_know ON support_referrals
  USING (
    (organisation_id = ${ORG} AND (${ASSIGNED('support_referrals.case_id')} OR ${MANAGES('support_referrals.programme_id')} OR ${IN_TEAM('support_referrals.programme_id')}))
    OR (partner_org_id = ${ORG} AND status = 'active' AND consent_until >= (now() AT TIME ZONE 'Europe/Paris')::date)
  )
  WITH CHECK (organisation_id = ${ORG});`,
};

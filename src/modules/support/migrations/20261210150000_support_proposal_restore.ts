import type { Migration } from '../../../platform/db/migration.js';

const ORG = `nullif(current_setting('app.org_id', true), '')::uuid`;

export const migration: Migration = {
  id: '20261210150000_support_proposal_restore',
  sql: `
-- A partner may put back an applicant it withdrew (a withdrawal by mistake), awaiting the landlord's answer again.
CREATE POLICY support_quota_proposals_restore ON support_quota_proposals FOR UPDATE
  USING (partner_org_id = ${ORG} AND status = 'withdrawn')
  WITH CHECK (partner_org_id = ${ORG} AND status = 'proposed');

-- Permissive UPDATE policies add up (a partner's row awaiting an answer may now be written back as awaiting),
-- so what may change is fixed here: the applicant, the commitment and both organisations never change; from the
-- partner's side only "proposed -> withdrawn" and "withdrawn -> proposed"; from the landlord's only an answer
-- to a proposal awaiting one.
CREATE FUNCTION support_quota_proposals_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  org uuid := ${ORG};
BEGIN
  IF NEW.organisation_id IS DISTINCT FROM OLD.organisation_id OR NEW.quota_id IS DISTINCT FROM OLD.quota_id
     OR NEW.partner_org_id IS DISTINCT FROM OLD.partner_org_id OR NEW.applicant_ref IS DISTINCT FROM OLD.applicant_ref
     OR NEW.household_size IS DISTINCT FROM OLD.household_size OR NEW.need IS DISTINCT FROM OLD.need
     OR NEW.proposed_by IS DISTINCT FROM OLD.proposed_by OR NEW.proposed_at IS DISTINCT FROM OLD.proposed_at THEN
    RAISE EXCEPTION 'support_quota_proposals: the applicant and the commitment of a proposal do not change' USING ERRCODE = 'check_violation';
  END IF;
  IF org IS NOT NULL AND org = NEW.partner_org_id AND org <> NEW.organisation_id THEN
    IF NOT ((OLD.status = 'proposed' AND NEW.status = 'withdrawn') OR (OLD.status = 'withdrawn' AND NEW.status = 'proposed'))
       OR NEW.seat IS DISTINCT FROM OLD.seat OR NEW.answered_at IS DISTINCT FROM OLD.answered_at THEN
      RAISE EXCEPTION 'support_quota_proposals: a partner only withdraws or puts back a proposal awaiting an answer' USING ERRCODE = 'check_violation';
    END IF;
  ELSIF org IS NOT NULL AND org = NEW.organisation_id THEN
    IF NOT (OLD.status = 'proposed' AND NEW.status IN ('allocated', 'declined')) THEN
      RAISE EXCEPTION 'support_quota_proposals: a landlord only answers a proposal awaiting an answer' USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER support_quota_proposals_guard BEFORE UPDATE ON support_quota_proposals
  FOR EACH ROW EXECUTE FUNCTION support_quota_proposals_guard();
`,
};

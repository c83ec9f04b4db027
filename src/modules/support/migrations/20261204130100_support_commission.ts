import type { Migration } from '../../../platform/db/migration.js';
import { ASSIGNED, MANAGES, needToKnowTable, SITS_ON, tenantTable } from './need-to-know-sql.js';

export const migration: Migration = {
  id: '20261204130100_support_commission',
  sql: `
-- A fund's ledger: available = credits - commitments + releases; payments draw on commitments.
CREATE TABLE support_funds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  programme_id uuid NOT NULL REFERENCES support_programmes UNIQUE,
  name text NOT NULL
);
${tenantTable('support_funds')}

CREATE TABLE support_fund_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations,
  fund_id uuid NOT NULL REFERENCES support_funds,
  kind text NOT NULL CHECK (kind IN ('credit', 'commitment', 'release', 'payment')),
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  decision_id uuid,
  label text NOT NULL DEFAULT '',
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX support_fund_entries_fund ON support_fund_entries (fund_id);
${tenantTable('support_fund_entries')}

CREATE TABLE support_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  programme_id uuid NOT NULL REFERENCES support_programmes,
  held_on date NOT NULL,
  cutoff_on date NOT NULL,
  quorum smallint NOT NULL DEFAULT 3 CHECK (quorum BETWEEN 1 AND 50),
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'open', 'signed')),
  signed_at timestamptz,
  signed_by uuid REFERENCES users,
  UNIQUE (programme_id, held_on)
);
${tenantTable('support_sessions')}

CREATE TABLE support_session_members (
  organisation_id uuid NOT NULL REFERENCES organisations,
  session_id uuid NOT NULL REFERENCES support_sessions ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users,
  present boolean NOT NULL DEFAULT false,
  PRIMARY KEY (session_id, user_id)
);
${tenantTable('support_session_members')}

-- Created before the dossiers: their visibility depends on the agenda.
CREATE TABLE support_agenda_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  session_id uuid NOT NULL REFERENCES support_sessions ON DELETE CASCADE,
  dossier_id uuid NOT NULL,
  position smallint NOT NULL,
  UNIQUE (session_id, dossier_id)
);
${tenantTable('support_agenda_items')}

-- What the commission needs and nothing more: a code instead of a name, the rent, the resources, the hardship.
CREATE TABLE support_dossiers (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations,
  case_id uuid NOT NULL REFERENCES support_cases ON DELETE CASCADE,
  programme_id uuid NOT NULL REFERENCES support_programmes,
  code text NOT NULL,
  hardship text NOT NULL CHECK (hardship IN ('bereavement', 'separation', 'awaiting_benefits', 'job_loss', 'illness', 'other')),
  rent_cents integer NOT NULL CHECK (rent_cents > 0),
  resources_cents integer NOT NULL CHECK (resources_cents >= 0),
  household_size smallint NOT NULL CHECK (household_size BETWEEN 1 AND 20),
  facts text NOT NULL,
  status text NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'on_agenda', 'decided', 'withdrawn')),
  ready_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, code)
);
${needToKnowTable('support_dossiers', `${ASSIGNED('support_dossiers.case_id')} OR ${MANAGES('support_dossiers.programme_id')} OR ${SITS_ON('support_dossiers.id')}`)}

ALTER TABLE support_agenda_items ADD FOREIGN KEY (dossier_id) REFERENCES support_dossiers ON DELETE CASCADE;

CREATE TABLE support_decisions (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations,
  session_id uuid NOT NULL REFERENCES support_sessions,
  dossier_id uuid NOT NULL REFERENCES support_dossiers,
  case_id uuid NOT NULL REFERENCES support_cases,
  programme_id uuid NOT NULL REFERENCES support_programmes,
  outcome text NOT NULL CHECK (outcome IN ('granted', 'adjourned', 'refused')),
  monthly_cents integer,
  months smallint,
  starts_on date,
  reason text NOT NULL DEFAULT '',
  votes_for smallint NOT NULL DEFAULT 0,
  votes_against smallint NOT NULL DEFAULT 0,
  votes_abstain smallint NOT NULL DEFAULT 0,
  corrects_id uuid REFERENCES support_decisions,
  decided_by uuid REFERENCES users,
  decided_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((outcome = 'granted') = (monthly_cents IS NOT NULL AND months IS NOT NULL AND starts_on IS NOT NULL)),
  CHECK (outcome <> 'refused' OR length(reason) > 0)
);
${needToKnowTable('support_decisions', `${ASSIGNED('support_decisions.case_id')} OR ${MANAGES('support_decisions.programme_id')} OR ${SITS_ON('support_decisions.dossier_id')}`)}

-- Once its session is signed, a decision is history: corrections are new decisions that reference it.
CREATE FUNCTION support_decisions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM support_sessions s WHERE s.id = COALESCE(OLD.session_id, NEW.session_id) AND s.status = 'signed') THEN
    RAISE EXCEPTION 'support decision % belongs to a signed session', COALESCE(OLD.id, NEW.id) USING ERRCODE = 'P0001';
  END IF;
  RETURN COALESCE(NEW, OLD);
END $$;
CREATE TRIGGER support_decisions_immutable BEFORE UPDATE OR DELETE ON support_decisions FOR EACH ROW EXECUTE FUNCTION support_decisions_immutable();
CREATE TRIGGER support_decisions_signed_session BEFORE INSERT ON support_decisions FOR EACH ROW EXECUTE FUNCTION support_decisions_immutable();

CREATE TABLE support_instalments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  decision_id uuid NOT NULL REFERENCES support_decisions,
  case_id uuid NOT NULL REFERENCES support_cases,
  due_month date NOT NULL,
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  paid_at timestamptz,
  released_at timestamptz,
  UNIQUE (decision_id, due_month)
);
${needToKnowTable('support_instalments', 'EXISTS (SELECT 1 FROM support_cases c WHERE c.id = support_instalments.case_id)')}`,
};

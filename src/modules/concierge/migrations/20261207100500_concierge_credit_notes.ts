import type { Migration } from '../../../platform/db/migration.js';
import { tenantTable } from '../../../platform/db/migration.js';

// Credit notes (avoirs) get their own series, numbered without gaps per issuing organisation, and may
// cancel part of a statement: several credit notes per statement, each line naming the statement line
// it cancels (never more than that line, under the statement's lock). Statements stay untouched.
// Credit notes issued before this migration kept their number in the statement series; the new series
// continues after the highest of them, so no number is ever used twice for one kind.
export const migration: Migration = {
  id: '20261207100500_concierge_credit_notes',
  sql: `
CREATE TABLE concierge_credit_note_counters (
  organisation_id uuid PRIMARY KEY REFERENCES organisations,
  last_number integer NOT NULL DEFAULT 0
);
${tenantTable('concierge_credit_note_counters')}
INSERT INTO concierge_credit_note_counters (organisation_id, last_number)
  SELECT organisation_id, max(number) FROM concierge_statements WHERE kind = 'credit_note' GROUP BY organisation_id;

ALTER TABLE concierge_statements DROP CONSTRAINT concierge_statements_organisation_id_number_key;
CREATE UNIQUE INDEX concierge_statements_number ON concierge_statements (organisation_id, kind, number);
DROP INDEX concierge_statements_one_credit;
CREATE INDEX concierge_statements_corrects ON concierge_statements (corrects_id) WHERE corrects_id IS NOT NULL;
ALTER TABLE concierge_statements ADD COLUMN reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 300);
ALTER TABLE concierge_statements ADD COLUMN idempotency_key text;
CREATE UNIQUE INDEX concierge_statements_idempotency ON concierge_statements (organisation_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

ALTER TABLE concierge_statement_lines ADD COLUMN corrects_line_id bigint REFERENCES concierge_statement_lines;
CREATE INDEX concierge_statement_lines_corrects ON concierge_statement_lines (corrects_line_id) WHERE corrects_line_id IS NOT NULL;
-- Lines of the credit notes issued before: each cancelled the line at the same position.
UPDATE concierge_statement_lines cl SET corrects_line_id = ol.id
  FROM concierge_statements c, concierge_statement_lines ol
  WHERE cl.statement_id = c.id AND c.kind = 'credit_note' AND ol.statement_id = c.corrects_id AND ol.position = cl.position;`,
};

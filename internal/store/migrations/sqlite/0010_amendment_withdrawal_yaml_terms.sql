-- An amendment can be withdrawn before it is adopted, by its proposer's
-- party or an alliance admin: the row keeps who withdrew it, when and why.
-- Terms may be written as YAML: the canonical JSON stays in terms (what
-- the engine reads and diffs compare) and the YAML as written, with its
-- comments, in terms_source ('' when the terms were JSON). Adding a column
-- does not update a version row, so the immutability triggers stand.
ALTER TABLE contract_amendments ADD COLUMN withdrawn_at TEXT;
ALTER TABLE contract_amendments ADD COLUMN withdrawn_by TEXT REFERENCES users(id);
ALTER TABLE contract_amendments ADD COLUMN withdrawn_name TEXT NOT NULL DEFAULT '';
ALTER TABLE contract_amendments ADD COLUMN withdraw_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE contract_amendments ADD COLUMN terms_source TEXT NOT NULL DEFAULT '';
ALTER TABLE contract_versions ADD COLUMN terms_source TEXT NOT NULL DEFAULT '';

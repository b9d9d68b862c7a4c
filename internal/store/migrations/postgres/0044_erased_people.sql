-- A departed person whose identity was erased (docs/security.md, "A person's
-- data"): their name and e-mail are a pseudonym from then on, and the audit
-- page shows that pseudonym for the entries they made.
ALTER TABLE users ADD COLUMN erased_at TIMESTAMPTZ;

-- An import is made by whoever the audit trail names as its actor: a user of the API, or the
-- operator's `registry import` on the server (the `system` actor, no user row). Like every other
-- created_by column, imports.created_by therefore holds the actor id without a foreign key.
ALTER TABLE imports DROP CONSTRAINT imports_created_by_fkey;

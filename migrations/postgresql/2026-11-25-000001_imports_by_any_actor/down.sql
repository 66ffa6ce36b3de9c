ALTER TABLE imports ADD CONSTRAINT imports_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id);

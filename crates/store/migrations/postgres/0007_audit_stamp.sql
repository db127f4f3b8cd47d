-- The newest audit event of a förbund, found at once: every change writes one in its own
-- transaction, so its id is a stamp that caches of what is computed from the förbund's data
-- compare against (`AuditStore::audit_stamp`).
CREATE INDEX audit_log_by_association_id ON audit_log (association_id, id);

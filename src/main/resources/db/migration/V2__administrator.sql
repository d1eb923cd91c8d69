-- The administrator: the owner the admin API key (TALIS_ADMIN_API_KEY) acts as. Its id is the
-- Go service's AdminID, so Go clients that send owner_id 4294967295 keep working.
INSERT INTO users (id, username, role) VALUES (4294967295, 'admin', 1);

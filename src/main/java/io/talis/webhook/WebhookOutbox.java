package io.talis.webhook;

import io.talis.persistence.Jdbc;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * The SQL of webhook deliveries. Like tasks, a delivery is claimed with a lease, and every later
 * change is conditional on (id, attempt, sender, status sending), so two senders never record the
 * same delivery twice.
 */
class WebhookOutbox {

    /** A delivery claimed by this node. */
    record Delivery(long id, long taskId, String url, String body, int attempt) {
    }

    private static final String FENCE = " WHERE id = ? AND attempts = ? AND claimed_by = ? AND status = 'sending'";

    private final Jdbc jdbc;
    private final String node;

    WebhookOutbox(DataSource dataSource, String node) {
        this.jdbc = new Jdbc(dataSource);
        this.node = node;
    }

    /** Claims due deliveries, and those whose sender died (lease expired). */
    List<Delivery> claim(int limit, Duration lease) throws SQLException {
        return jdbc.list("""
                UPDATE webhook_deliveries
                   SET status = 'sending', attempts = attempts + 1, claimed_by = ?,
                       lease_expires_at = now() + ?::float8 * interval '1 millisecond'
                 WHERE id IN (SELECT id FROM webhook_deliveries
                               WHERE (status = 'pending' AND next_attempt_at <= now())
                                  OR (status = 'sending' AND lease_expires_at < now())
                               ORDER BY next_attempt_at
                               LIMIT ?
                               FOR UPDATE SKIP LOCKED)
                RETURNING id, task_id, url, body::text, attempts""",
                row -> new Delivery(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4), row.getInt(5)),
                node, (double) lease.toMillis(), limit);
    }

    /** Records a delivery the receiver accepted, and marks its task's webhook as sent, in one statement. */
    boolean delivered(Delivery delivery) throws SQLException {
        return jdbc.single("""
                WITH sent AS (
                    UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now(), lease_expires_at = NULL,
                           last_error = NULL
                    """ + FENCE + """
                     RETURNING task_id)
                UPDATE tasks SET webhook_sent = true FROM sent WHERE tasks.id = sent.task_id RETURNING tasks.id""",
                row -> row.getLong(1), delivery.id(), delivery.attempt(), node).isPresent();
    }

    /** Records a failed try: pending again after {@code delay}, or failed for good after the last attempt. */
    boolean failed(Delivery delivery, String error, Duration delay, int maxAttempts) throws SQLException {
        return jdbc.update("""
                UPDATE webhook_deliveries
                   SET status = CASE WHEN attempts >= ? THEN 'failed' ELSE 'pending' END,
                       next_attempt_at = now() + ?::float8 * interval '1 millisecond',
                       last_error = ?, lease_expires_at = NULL
                """ + FENCE, maxAttempts, (double) delay.toMillis(), error,
                delivery.id(), delivery.attempt(), node) == 1;
    }
}

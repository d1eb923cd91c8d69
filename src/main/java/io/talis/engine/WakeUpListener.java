package io.talis.engine;

import io.talis.persistence.Database;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Hears, through PostgreSQL LISTEN/NOTIFY, what other nodes (and bulk SQL) do: tasks that became
 * claimable ({@code talis_tasks}, from triggers on the tasks table) and running tasks whose
 * termination was requested ({@code talis_task_cancel}). It holds one dedicated connection,
 * outside the pool, and reconnects with backoff when the database goes away.
 */
@ApplicationScoped
public class WakeUpListener {

    private static final Logger LOG = Logger.getLogger(WakeUpListener.class.getName());
    static final String TASKS_CHANNEL = "talis_tasks";
    static final String CANCEL_CHANNEL = "talis_task_cancel";
    private static final int WAIT_MILLIS = 500;
    /** A silent connection may be a dead one: probe it after this long without notifications. */
    private static final Duration PROBE_AFTER = Duration.ofSeconds(30);

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    @Inject
    Database database;

    private final OutageBackoff outage = new OutageBackoff("listening for task notifications", LOG);
    private volatile boolean listening;
    private Thread thread;

    /**
     * Starts listening: {@code onClaimable} runs when tasks may be waiting (also after every
     * reconnect, since notifications sent meanwhile are lost); {@code onCancel} gets task ids.
     */
    synchronized void start(Runnable onClaimable, LongConsumer onCancel) {
        listening = true;
        thread = threads.newThread(() -> listen(onClaimable, onCancel));
        thread.setName("talis-wakeup-listener");
        thread.start();
    }

    synchronized void stop() {
        listening = false;
        if (thread != null) {
            try {
                thread.join(WAIT_MILLIS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void listen(Runnable onClaimable, LongConsumer onCancel) {
        while (listening) {
            try (Connection connection = connect()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + TASKS_CHANNEL + "; LISTEN " + CANCEL_CHANNEL);
                }
                outage.succeeded();
                onClaimable.run();
                receive(connection.unwrap(PGConnection.class), connection, onClaimable, onCancel);
            } catch (SQLException | RuntimeException e) {
                if (listening) {
                    pause(outage.failed(e));
                }
            }
        }
    }

    private void receive(PGConnection notifications, Connection connection, Runnable onClaimable,
                         LongConsumer onCancel) throws SQLException {
        long lastHeardNanos = System.nanoTime();
        while (listening) {
            PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
            if (received != null && received.length > 0) {
                lastHeardNanos = System.nanoTime();
                boolean claimable = false;
                for (PGNotification notification : received) {
                    if (CANCEL_CHANNEL.equals(notification.getName())) {
                        onCancel.accept(Long.parseLong(notification.getParameter()));
                    } else {
                        claimable = true;
                    }
                }
                if (claimable) {
                    onClaimable.run();
                }
            } else if (System.nanoTime() - lastHeardNanos > PROBE_AFTER.toNanos()) {
                try (Statement probe = connection.createStatement()) {
                    probe.execute("SELECT 1");
                }
                lastHeardNanos = System.nanoTime();
            }
        }
    }

    private Connection connect() throws SQLException {
        return database.unpooled("talis-listener", null).getConnection();
    }

    private void pause(Duration pause) {
        long until = System.nanoTime() + pause.toNanos();
        while (listening && System.nanoTime() - until < 0) {
            try {
                Thread.sleep(Math.min(WAIT_MILLIS, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

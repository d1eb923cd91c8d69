package io.talis.engine;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a periodic activity (claiming, heartbeats, listening) alive while the database is away:
 * one log line per failure, never a stack trace, exponentially longer pauses between tries
 * (up to 30 s), and one line when the database answers again.
 */
final class OutageBackoff {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private final String activity;
    private final Logger log;
    private int failures;
    private long nextTryNanos;

    OutageBackoff(String activity, Logger log) {
        this.activity = activity;
        this.log = log;
    }

    /** False while pausing after a failure. */
    synchronized boolean mayTry() {
        return failures == 0 || System.nanoTime() - nextTryNanos >= 0;
    }

    synchronized void succeeded() {
        if (failures > 0) {
            log.info(activity + ": database reachable again after " + failures + " failed tries");
            failures = 0;
        }
    }

    /** Records a failure, logs one line, and returns how long to pause. */
    synchronized Duration failed(Exception e) {
        failures++;
        Duration pause = pause(failures);
        nextTryNanos = System.nanoTime() + pause.toNanos();
        log.log(Level.WARNING, "{0} failed ({1} in a row): {2}; next try in {3} ms",
                new Object[] {activity, failures, oneLine(e), pause.toMillis()});
        return pause;
    }

    static Duration pause(int failures) {
        long millis = FIRST_PAUSE.toMillis() << Math.min(failures - 1, 10);
        return Duration.ofMillis(Math.min(millis, LONGEST_PAUSE.toMillis()));
    }

    /** An exception as one short line: its type and the first line of its message. */
    static String oneLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (newline >= 0 ? message.substring(0, newline) : message);
    }
}

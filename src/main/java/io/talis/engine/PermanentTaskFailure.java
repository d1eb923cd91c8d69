package io.talis.engine;

/**
 * A failure that another attempt cannot fix (bad input, rejected credentials, unknown provider):
 * the task fails at once instead of being retried.
 */
public class PermanentTaskFailure extends RuntimeException {

    public PermanentTaskFailure(String message) {
        super(message);
    }

    public PermanentTaskFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

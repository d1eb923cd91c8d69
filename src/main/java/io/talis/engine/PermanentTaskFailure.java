package io.talis.engine;

import jakarta.ejb.ApplicationException;

/**
 * A failure that another attempt cannot fix (bad input, rejected credentials, unknown provider):
 * the task fails at once instead of being retried.
 *
 * <p>An application exception, so that the EJBs it passes through (the provider caches) hand it
 * on as it is; as a system exception it would arrive wrapped in an EJBException and be retried.
 */
@ApplicationException
public class PermanentTaskFailure extends RuntimeException {

    public PermanentTaskFailure(String message) {
        super(message);
    }

    public PermanentTaskFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

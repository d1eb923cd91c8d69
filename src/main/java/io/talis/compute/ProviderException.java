package io.talis.compute;

/** A provider answered with an error; {@code status} is its HTTP status (0 when none). */
public class ProviderException extends Exception {

    private final int status;

    public ProviderException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}

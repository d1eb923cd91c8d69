package io.talis.common;

/**
 * A request the service refuses, with why: the HTTP interface turns it into a 4xx answer.
 * Services throw it before they change anything, or inside the transaction that it rolls back.
 */
public class Rejected extends RuntimeException {

    /** The kind of refusal; the HTTP interface maps each to a status and a slug. */
    public enum Reason { INVALID_INPUT, NOT_FOUND, CONFLICT, FORBIDDEN }

    private final Reason reason;

    public Rejected(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public static Rejected invalid(String message) {
        return new Rejected(Reason.INVALID_INPUT, message);
    }

    public static Rejected notFound(String message) {
        return new Rejected(Reason.NOT_FOUND, message);
    }

    public static Rejected conflict(String message) {
        return new Rejected(Reason.CONFLICT, message);
    }

    public static Rejected forbidden(String message) {
        return new Rejected(Reason.FORBIDDEN, message);
    }

    public Reason reason() {
        return reason;
    }
}

package io.talis.owner;

import io.talis.common.Rejected;

/**
 * Who sends a request: the owner its API key belongs to, and whether it is an administrator.
 * The owner of everything a request touches is the caller; an administrator may act for any
 * owner. Another owner's things are "not found" to a non-administrator, so ids do not leak.
 */
public record Caller(long ownerId, boolean admin) {

    /**
     * The owner a request acts for: the caller, or the owner it names (Go clients send
     * owner_id). A non-administrator naming another owner gets "not found".
     */
    public long actingFor(Long requestedOwner) {
        if (requestedOwner == null || requestedOwner == 0 || requestedOwner == ownerId) {
            return ownerId;
        }
        if (admin) {
            return requestedOwner;
        }
        throw Rejected.notFound("owner " + requestedOwner + " not found");
    }

    /** The owner to filter a listing by, or null when an administrator lists everyone's. */
    public Long listingOwner(Long requestedOwner) {
        if (admin && (requestedOwner == null || requestedOwner == 0)) {
            return null;
        }
        return actingFor(requestedOwner);
    }

    public void requireAdmin() {
        if (!admin) {
            throw Rejected.forbidden("this needs the administrator's API key");
        }
    }

    /** Whether the caller may see or change what {@code owner} owns. */
    public boolean mayAccess(long owner) {
        return admin || owner == ownerId;
    }
}

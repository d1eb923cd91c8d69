package io.talis.engine;

import java.time.OffsetDateTime;

/**
 * A task as this node claimed it. {@code attempt} is the fencing token of the claim: every later
 * write for this attempt is conditional on (id, attempt, lease owner, status running), so a write
 * from a stale attempt changes nothing. {@code concurrencyKey} is what the task competes for
 * besides a worker (its provider), or null; {@code waitedMillis} how long it waited for this claim
 * since it became runnable (since its enqueue, for a first attempt).
 */
public record ClaimedTask(
        long id,
        int attempt,
        String action,
        String payloadJson,
        long ownerId,
        long projectId,
        Long instanceId,
        OffsetDateTime createdAt,
        String concurrencyKey,
        long waitedMillis) {
}

package io.talis.task;

import io.talis.persistence.JsonColumn;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A task as the API enqueues and shows it. Everything the engine owns (status, attempts, lease,
 * error, logs, result, times) is read-only here: the engine changes it through TaskLedger's
 * conditional SQL, never through a stale entity.
 */
@Entity
@Table(name = "tasks")
public class Task {

    public static final short HIGH_PRIORITY = 1;
    public static final short LOW_PRIORITY = 2;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "owner_id", updatable = false)
    private long ownerId;

    @Column(name = "project_id", updatable = false)
    private long projectId;

    @Column(name = "instance_id", updatable = false)
    private Long instanceId;

    @Column(updatable = false)
    private String action;

    @Column(updatable = false)
    private short priority;

    @Convert(converter = JsonColumn.class)
    @Column(updatable = false)
    private String payload;

    @Column(name = "webhook_url", updatable = false)
    private String webhookUrl;

    @Column(name = "concurrency_key", updatable = false)
    private String concurrencyKey;

    @Column(insertable = false, updatable = false)
    private String status;

    @Convert(converter = JsonColumn.class)
    @Column(insertable = false, updatable = false)
    private String result;

    @Column(insertable = false, updatable = false)
    private int attempts;

    @Column(insertable = false, updatable = false)
    private String error;

    @Column(insertable = false, updatable = false)
    private String logs;

    @Column(name = "webhook_sent", insertable = false, updatable = false)
    private boolean webhookSent;

    @Column(name = "claimed_by", insertable = false, updatable = false)
    private String claimedBy;

    @Column(name = "started_at", insertable = false, updatable = false)
    private OffsetDateTime startedAt;

    @Column(name = "lease_expires_at", insertable = false, updatable = false)
    private OffsetDateTime leaseExpiresAt;

    @Column(name = "finished_at", insertable = false, updatable = false)
    private OffsetDateTime finishedAt;

    @Column(name = "run_after", insertable = false, updatable = false)
    private OffsetDateTime runAfter;

    @Column(name = "created_at", updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", insertable = false, updatable = false)
    private OffsetDateTime updatedAt;

    protected Task() {
    }

    public Task(long ownerId, long projectId, Long instanceId, String action, short priority, String payload,
                String webhookUrl, String concurrencyKey) {
        this.ownerId = ownerId;
        this.projectId = projectId;
        this.instanceId = instanceId;
        this.action = action;
        this.priority = priority;
        this.payload = payload;
        this.webhookUrl = webhookUrl;
        this.concurrencyKey = concurrencyKey;
    }

    @PrePersist
    void stampCreation() {
        createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    public Long id() {
        return id;
    }

    public long ownerId() {
        return ownerId;
    }

    public long projectId() {
        return projectId;
    }

    public Long instanceId() {
        return instanceId;
    }

    public String action() {
        return action;
    }

    public short priority() {
        return priority;
    }

    public String payload() {
        return payload;
    }

    public String webhookUrl() {
        return webhookUrl;
    }

    /** The status; "pending" for a task not yet re-read after its insert. */
    public String status() {
        return status == null ? "pending" : status;
    }

    public String result() {
        return result;
    }

    public int attempts() {
        return attempts;
    }

    public String error() {
        return error;
    }

    public String logs() {
        return logs == null ? "" : logs;
    }

    public boolean webhookSent() {
        return webhookSent;
    }

    public String claimedBy() {
        return claimedBy;
    }

    public OffsetDateTime startedAt() {
        return startedAt;
    }

    public OffsetDateTime leaseExpiresAt() {
        return leaseExpiresAt;
    }

    public OffsetDateTime finishedAt() {
        return finishedAt;
    }

    public OffsetDateTime runAfter() {
        return runAfter;
    }

    public OffsetDateTime createdAt() {
        return createdAt;
    }

    public OffsetDateTime updatedAt() {
        return updatedAt == null ? createdAt : updatedAt;
    }
}

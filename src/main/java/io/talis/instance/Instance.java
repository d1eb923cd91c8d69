package io.talis.instance;

import io.talis.persistence.JsonColumn;
import io.talis.persistence.TextArrayColumn;
import io.talis.persistence.Timestamps;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;

/**
 * An instance as the API creates and shows it. Its lifecycle columns (status, address, machine
 * id, volumes) are written only by the handlers, through {@link InstanceStore}'s conditional SQL;
 * here they are read-only.
 */
@Entity
@Table(name = "instances")
public class Instance extends Timestamps {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "owner_id")
    private long ownerId;

    @Column(name = "project_id")
    private long projectId;

    private String name;

    @Column(name = "provider_id")
    private String providerId;

    @Column(name = "provider_instance_id", insertable = false, updatable = false)
    private Long providerInstanceId;

    @Column(name = "public_ip", insertable = false, updatable = false)
    private String publicIp;

    private String region;

    private String size;

    private String image;

    @Convert(converter = TextArrayColumn.class)
    private List<String> tags;

    @Column(insertable = false, updatable = false)
    private String status;

    @Convert(converter = TextArrayColumn.class)
    @Column(name = "volume_ids", insertable = false, updatable = false)
    private List<String> volumeIds;

    @Convert(converter = JsonColumn.class)
    @Column(name = "volume_details", insertable = false, updatable = false)
    private String volumeDetails;

    protected Instance() {
    }

    public Instance(long ownerId, long projectId, String name, String providerId, String region, String size,
                    String image, List<String> tags) {
        this.ownerId = ownerId;
        this.projectId = projectId;
        // Unnamed instances are named after their id once it exists (see nameAfterId).
        this.name = name == null ? "" : name;
        this.providerId = providerId;
        this.region = region;
        this.size = size;
        this.image = image;
        this.tags = tags;
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

    public String name() {
        return name;
    }

    boolean isUnnamed() {
        return name == null || name.isEmpty();
    }

    /** Names an instance created without one after its id, once the id exists. */
    void nameAfterId() {
        name = "talis-" + id;
    }

    public String providerId() {
        return providerId;
    }

    public Long providerInstanceId() {
        return providerInstanceId;
    }

    public String publicIp() {
        return publicIp;
    }

    public String region() {
        return region;
    }

    public String size() {
        return size;
    }

    public String image() {
        return image;
    }

    public List<String> tags() {
        return tags == null ? List.of() : tags;
    }

    /** The status; "pending" for an instance not yet re-read after its insert. */
    public String status() {
        return status == null ? InstanceStatus.PENDING.dbValue() : status;
    }

    public List<String> volumeIds() {
        return volumeIds == null ? List.of() : volumeIds;
    }

    public String volumeDetails() {
        return volumeDetails == null ? "[]" : volumeDetails;
    }
}

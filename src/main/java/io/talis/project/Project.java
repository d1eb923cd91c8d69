package io.talis.project;

import io.talis.persistence.JsonColumn;
import io.talis.persistence.Timestamps;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A named group of instances of one owner; names are unique per owner. */
@Entity
@Table(name = "projects")
public class Project extends Timestamps {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "owner_id")
    private long ownerId;

    private String name;

    private String description;

    /** JSON object {@code {resources?, settings?}}. */
    @Convert(converter = JsonColumn.class)
    private String config;

    protected Project() {
    }

    public Project(long ownerId, String name, String description, String config) {
        this.ownerId = ownerId;
        this.name = name;
        this.description = description;
        this.config = config;
    }

    public Long id() {
        return id;
    }

    public long ownerId() {
        return ownerId;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String config() {
        return config;
    }
}

package io.talis.instance;

import java.util.Locale;

/** Life of an instance: pending, created (the machine exists), provisioning, ready; or terminated. */
public enum InstanceStatus {
    UNKNOWN, PENDING, CREATED, PROVISIONING, READY, TERMINATED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InstanceStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

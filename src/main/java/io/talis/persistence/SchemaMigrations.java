package io.talis.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema to the version this build expects before anything else touches the database.
 * Flyway serialises concurrent starts of several nodes with an advisory lock.
 */
@Singleton
@Startup
// Flyway commits its own work; it must not run inside a container transaction.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigrations {

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());

    @Resource(lookup = Database.JNDI_NAME)
    private DataSource dataSource;

    private volatile String version = "none";

    @PostConstruct
    void migrate() {
        MigrateResult result = apply(dataSource, getClass().getClassLoader());
        version = result.targetSchemaVersion != null ? result.targetSchemaVersion : String.valueOf(result.initialSchemaVersion);
        LOG.info(() -> "database schema at version " + version + " (" + result.migrationsExecuted
                + " migrations applied now)");
    }

    /** The schema version this node found or created at startup. */
    public String version() {
        return version;
    }

    /** Applies the migrations shipped in {@code db/migration}; also used by tests and tools. */
    public static MigrateResult apply(DataSource dataSource, ClassLoader classLoader) {
        return Flyway.configure(classLoader)
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}

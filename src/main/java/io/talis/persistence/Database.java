package io.talis.persistence;

import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import javax.sql.DataSource;

/**
 * The one PostgreSQL database, configured through MicroProfile Config ({@code DB_URL},
 * {@code DB_USER}, {@code DB_PASSWORD}; environment variables override the defaults).
 *
 * <p>The pool validates connections so that it heals by itself after a database restart, and the
 * driver timeouts bound how long a worker can hang on a dead connection.
 */
@DataSourceDefinition(
        name = Database.JNDI_NAME,
        className = "org.postgresql.ds.PGSimpleDataSource",
        url = "${MPCONFIG=DB_URL}",
        user = "${MPCONFIG=DB_USER}",
        password = "${MPCONFIG=DB_PASSWORD}",
        minPoolSize = 2,
        maxPoolSize = 64,
        maxIdleTime = 300,
        properties = {
                "connectTimeout=5",
                "socketTimeout=60",
                "tcpKeepAlive=true",
                "ApplicationName=talis",
                "fish.payara.is-connection-validation-required=true",
                "fish.payara.connection-validation-method=custom-validation",
                "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation",
                "fish.payara.fail-all-connections=true",
                "fish.payara.max-wait-time-in-millis=10000"
        })
@ApplicationScoped
public class Database {

    public static final String JNDI_NAME = "java:app/jdbc/talis";

    @Produces
    @Resource(lookup = JNDI_NAME)
    private DataSource dataSource;
}

package io.talis.persistence;

import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.ds.PGSimpleDataSource;

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

    @Inject
    @ConfigProperty(name = "DB_URL")
    String url;

    @Inject
    @ConfigProperty(name = "DB_USER")
    String user;

    @Inject
    @ConfigProperty(name = "DB_PASSWORD")
    String password;

    /**
     * The same database outside the server's pool, with the pool's driver timeouts, for a
     * connection kept open by one user: the LISTEN connection, or a writer with session settings
     * of its own ({@code options}, e.g. {@code -c plan_cache_mode=force_generic_plan}, or null)
     * that must not leak into pooled sessions.
     */
    public DataSource unpooled(String applicationName, String options) {
        PGSimpleDataSource unpooled = new PGSimpleDataSource();
        unpooled.setURL(url);
        unpooled.setUser(user);
        unpooled.setPassword(password);
        unpooled.setConnectTimeout(5);
        unpooled.setSocketTimeout(60);
        unpooled.setTcpKeepAlive(true);
        unpooled.setApplicationName(applicationName);
        if (options != null) {
            unpooled.setOptions(options);
        }
        return unpooled;
    }
}

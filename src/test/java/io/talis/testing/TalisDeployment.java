package io.talis.testing;

import io.talis.testing.work.ScriptedWorkHandler;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WAR the container tests deploy: the WAR the build produced (so tests run what ships), plus
 * a test-support library with the test-only task handler and the test's configuration (a
 * MicroProfile Config source above the WAR's defaults).
 */
public final class TalisDeployment {

    private static final String BEANS_XML = """
            <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" bean-discovery-mode="annotated"/>
            """;

    private TalisDeployment() {
    }

    /** The shipped WAR with the test handler, pointed at {@code database}, with {@code config} on top. */
    public static WebArchive war(TestDatabase database, Map<String, String> config) {
        Map<String, String> all = new LinkedHashMap<>(database.serverConfig());
        all.putAll(config);
        return war(all);
    }

    /** The shipped WAR with the test handler and {@code config} (which names the database) on top. */
    public static WebArchive war(Map<String, String> config) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("TASK_SHUTDOWN_GRACE_SECONDS", "2");
        all.putAll(config);
        String properties = "config_ordinal=200\n" + all.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("\n"));
        JavaArchive support = ShrinkWrap.create(JavaArchive.class, "talis-test-support.jar")
                .addClasses(ScriptedWorkHandler.class)
                .addAsManifestResource(new StringAsset(BEANS_XML), "beans.xml")
                .addAsManifestResource(new StringAsset(properties), "microprofile-config.properties");
        return ShrinkWrap.createFromZipFile(WebArchive.class, shippedWar().toFile()).addAsLibrary(support);
    }

    /** Writes the archive to a file, for servers started as processes. */
    public static Path export(WebArchive war, Path file) {
        war.as(ZipExporter.class).exportTo(file.toFile(), true);
        return file;
    }

    public static Path shippedWar() {
        return Path.of(System.getProperty("talis.war", "target/talis.war"));
    }

    public static Path microJar() {
        return Path.of(System.getProperty("payara.microJar", "target/payara-micro.jar"));
    }

    public static Path serverConfig() {
        return Path.of(System.getProperty("talis.serverConfig", "server-config"));
    }
}

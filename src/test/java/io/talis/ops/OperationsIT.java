package io.talis.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.talis.launch.PayaraMicroProcess;
import io.talis.testing.Fixtures;
import io.talis.testing.Sql;
import io.talis.testing.TalisClient;
import io.talis.testing.TalisDeployment;
import io.talis.testing.TalisServers;
import io.talis.testing.Tasks;
import io.talis.testing.TestDatabase;
import io.talis.testing.work.ScriptedWorkHandler;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Operating a node as an application server's operator does: JMX through a real remote
 * connector (read while tasks run, resize the pool, pause and resume), Prometheus metrics,
 * health probes, and the OpenAPI document with its page.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {

    private static final ObjectName POOL = name("talis:type=WorkerPool");
    private static TalisServers servers;
    private static PayaraMicroProcess node;
    private static JMXConnector jmx;
    private static MBeanServerConnection mbeans;
    private static Fixtures fixtures;
    private static Tasks tasks;

    @BeforeAll
    static void startWithRemoteJmx() throws Exception {
        TestDatabase database = TestDatabase.fresh("operations");
        fixtures = new Fixtures(database.sql());
        tasks = new Tasks(database.sql());
        Path war = TalisDeployment.export(TalisDeployment.war(database, Map.of("WORKER_COUNT", "3",
                "TASK_POLL_INTERVAL_MS", "200", "SIMULATED_PROVIDER_LATENCY_MS", "10")), Path.of("target", "operations-test.war"));
        int jmxPort = TalisServers.freePort();
        servers = new TalisServers("operations", war);
        node = servers.startReady("node-a", Map.of(), List.of(
                "-Dcom.sun.management.jmxremote.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=false",
                "-Djava.rmi.server.hostname=127.0.0.1"));
        jmx = JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
        mbeans = jmx.getMBeanServerConnection();
    }

    @AfterAll
    static void stop() throws Exception {
        if (jmx != null) {
            jmx.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    @Order(1)
    void jmxShowsThePoolWhileTasksRun() throws Exception {
        assertThat(mbeans.getAttribute(POOL, "WorkerCount")).isEqualTo(3);
        long first = fixtures.tasks(3, ScriptedWorkHandler.ACTION, "{\"sleep_ms\": 3000, \"steps\": 6}");
        await().atMost(Duration.ofSeconds(10)).until(() -> (Integer) mbeans.getAttribute(POOL, "ActiveWorkers") == 3);
        assertThat(mbeans.getAttribute(POOL, "ClaimedWaiting")).isEqualTo(0);
        assertThat((Date) mbeans.getAttribute(POOL, "LastDispatchAt")).isNotNull();

        tasks.awaitFinished(first, 3, Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(5)).until(() -> (Long) mbeans.getAttribute(POOL, "Completed") >= 3);
        assertThat((Long) mbeans.getAttribute(POOL, "P99TaskMillis")).isBetween(2_900L, 6_000L);
        assertThat((Double) mbeans.getAttribute(POOL, "AverageTaskMillis")).isGreaterThan(2_900.0);
        assertThat(mbeans.getAttribute(POOL, "Paused")).isEqualTo(false);
        assertThat(mbeans.getAttribute(POOL, "LeasesLost")).isEqualTo(0L);
        assertThat(mbeans.getAttribute(POOL, "Autoscaling")).isEqualTo(false);
    }

    @Test
    @Order(2)
    void changingWorkerCountThroughJmxChangesTheConcurrencyAtOnce() throws Exception {
        mbeans.setAttribute(POOL, new Attribute("WorkerCount", 2));
        long narrow = fixtures.tasks(6, ScriptedWorkHandler.ACTION, "{\"sleep_ms\": 1000}");
        tasks.awaitFinished(narrow, 6, Duration.ofSeconds(30));
        assertThat(peak(narrow, 6)).as("tasks at once with 2 workers").isEqualTo(2);

        mbeans.setAttribute(POOL, new Attribute("WorkerCount", 6));
        long wide = fixtures.tasks(12, ScriptedWorkHandler.ACTION, "{\"sleep_ms\": 1000}");
        tasks.awaitFinished(wide, 12, Duration.ofSeconds(30));
        assertThat(peak(wide, 12)).as("tasks at once with 6 workers").isEqualTo(6);
        assertThat(mbeans.getAttribute(POOL, "WorkerCount")).isEqualTo(6);
    }

    @Test
    @Order(3)
    void pauseStopsClaimingAndResumeCatchesUp() throws Exception {
        mbeans.invoke(POOL, "pause", null, null);
        long id = fixtures.task(ScriptedWorkHandler.ACTION, "{}");
        Thread.sleep(1_500);
        assertThat(tasks.status(id)).as("nothing is claimed while paused").isEqualTo("pending");
        assertThat(mbeans.getAttribute(POOL, "Paused")).isEqualTo(true);

        mbeans.invoke(POOL, "resume", null, null);
        tasks.awaitStatus(id, "completed", Duration.ofSeconds(5));
        mbeans.invoke(POOL, "dispatchNow", null, null);
    }

    @Test
    @Order(4)
    void eachProviderHasAnMBeanCountingItsCalls() throws Exception {
        ObjectName simulated = name("talis:type=Provider,name=simulated");
        long callsBefore = (Long) mbeans.getAttribute(simulated, "Calls");
        long instance = fixtures.instance("counted", "simulated");
        long task = fixtures.keyedTask("create_instances", "{\"instance_id\": " + instance + "}", "simulated");
        tasks.awaitStatus(task, "completed", Duration.ofSeconds(30));

        assertThat((Long) mbeans.getAttribute(simulated, "Calls")).as("create and address calls").isGreaterThanOrEqualTo(callsBefore + 2);
        assertThat(mbeans.getAttribute(simulated, "Errors")).isEqualTo(0L);
        assertThat(mbeans.getAttribute(simulated, "RateLimited")).isEqualTo(0L);
        assertThat(mbeans.getAttribute(simulated, "InFlight")).isEqualTo(0);
        assertThat(mbeans.getAttribute(simulated, "Limit")).isEqualTo(-1);
        assertThat(mbeans.isRegistered(name("talis:type=Provider,name=do"))).isTrue();
        assertThat(mbeans.isRegistered(name("talis:type=Provider,name=ximera"))).isTrue();
    }

    @Test
    @Order(5)
    void metricsAndHealthAreServedOverHttp() {
        TalisClient http = new TalisClient(node.baseUri(), null);
        String metrics = http.get("metrics", "text/plain").text();
        assertThat(metrics)
                .contains("talis_workers{mp_scope=\"application\"} 6")
                .contains("talis_task_duration_seconds")
                .contains("talis_task_pickup_seconds")
                .contains("action=\"test_work\"")
                .contains("talis_task_attempts_total");

        assertThat(http.get("health/live").object().getString("status")).isEqualTo("UP");
        assertThat(http.get("health/ready").object().getString("status")).isEqualTo("UP");
        assertThat(http.get("mp/health/ready").status()).isEqualTo(200);
        assertThat(http.get("health").object().getString("status")).isEqualTo("healthy");
    }

    @Test
    @Order(6)
    void theOpenApiDocumentListsEveryEndpointAndHasAPage() {
        TalisClient http = new TalisClient(node.baseUri(), null);
        JsonObject document = http.get("openapi", "application/json").object();

        assertThat(document.getJsonObject("paths").keySet()).containsExactlyInAnyOrder(
                "/health", "/health/live", "/health/ready",
                "/api/v1/instances", "/api/v1/instances/all-metadata", "/api/v1/instances/public-ips",
                "/api/v1/instances/{id}", "/api/v1/instances/{id}/tasks",
                "/api/v1/admin/instances", "/api/v1/admin/instances/all-metadata",
                "/api/v1");
        assertThat(document.getJsonObject("paths").getJsonObject("/api/v1/instances").keySet()).contains("get", "post", "delete");
        assertThat(document.getJsonObject("components").getJsonObject("securitySchemes").keySet()).contains("apikey");
        assertThat(document.getJsonObject("components").getJsonObject("schemas").keySet())
                .contains("Instance", "Task", "Project", "User", "SshKey", "Error", "InstanceRequest", "RpcRequest");

        assertThat(http.get("openapi-ui", "text/html").text()).contains("swagger-ui-bundle.js").contains("/openapi");
        assertThat(http.get("openapi-ui/swagger-ui-bundle.js", "*/*").status()).isEqualTo(200);
        assertThat(http.get("openapi-ui/index.html", "*/*").status()).isEqualTo(404);
    }

    private static int peak(long first, int count) {
        return Tasks.peakConcurrency(tasks.results(first, count).stream()
                .map(row -> new long[] {(Long) row.get("started_ms"), (Long) row.get("finished_ms")}).toList());
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

package io.talis.ops;

import static org.awaitility.Awaitility.await;

import io.talis.testing.Fixtures;
import io.talis.testing.TalisClient;
import io.talis.testing.TalisDeployment;
import io.talis.testing.Tasks;
import io.talis.testing.TestDatabase;
import io.talis.testing.work.ScriptedWorkHandler;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With WORKER_AUTOSCALE on, the pool grows to the backlog (up to the maximum) and shrinks back when idle. */
@ExtendWith(ArquillianExtension.class)
class AutoscalingIT {

    private static final Pattern WORKERS = Pattern.compile("^talis_workers\\{[^}]*} (\\d+)", Pattern.MULTILINE);
    private static TestDatabase database;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        database = TestDatabase.fresh("autoscaling");
        return TalisDeployment.war(database, Map.of(
                "WORKER_COUNT", "1", "WORKER_AUTOSCALE", "true", "WORKER_COUNT_MIN", "1", "WORKER_COUNT_MAX", "6"));
    }

    @Test
    void thePoolFollowsTheBacklogBetweenItsBounds() {
        TalisClient http = new TalisClient(base, null);
        long first = new Fixtures(database.sql()).tasks(40, ScriptedWorkHandler.ACTION, "{\"sleep_ms\": 1000}");

        await().atMost(Duration.ofSeconds(20)).until(() -> workers(http) == 6);
        new Tasks(database.sql()).awaitFinished(first, 40, Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(60)).until(() -> workers(http) < 3);
    }

    private static int workers(TalisClient http) {
        Matcher matcher = WORKERS.matcher(http.get("metrics", "text/plain").text());
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }
}

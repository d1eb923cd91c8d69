package io.talis.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.talis.launch.PayaraMicroProcess;
import io.talis.testing.Fixtures;
import io.talis.testing.Sql;
import io.talis.testing.TalisDeployment;
import io.talis.testing.TalisServers;
import io.talis.testing.Tasks;
import io.talis.testing.TestDatabase;
import io.talis.testing.work.ScriptedWorkHandler;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks through a receiver that fails twice, with the server restarted in between: the
 * delivery survives in the outbox, arrives, is recorded as sent exactly once, and its signature
 * checks out.
 */
class WebhookIT {

    private static final String SECRET = "webhook-test-secret";

    /** One request as the receiver saw it. */
    private record Received(String body, String signature, String delivery, int answeredWith) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger(2);
    private HttpServer receiver;

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void aDeliveryOutlivesReceiverFailuresAndARestartAndIsRecordedOnce() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 204;
            received.add(new Received(new String(body, StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("X-Talis-Signature"),
                    exchange.getRequestHeaders().getFirst("X-Talis-Delivery"), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        String url = "http://localhost:" + receiver.getAddress().getPort() + "/hook";

        TestDatabase database = TestDatabase.fresh("webhooks");
        Sql sql = database.sql();
        Tasks tasks = new Tasks(sql);
        Path war = TalisDeployment.export(TalisDeployment.war(database, Map.of(
                "WEBHOOK_ALLOWED_HOSTS", "localhost", "WEBHOOK_SIGNING_SECRET", SECRET)), Path.of("target", "webhook-test.war"));

        try (TalisServers servers = new TalisServers("webhooks", war)) {
            PayaraMicroProcess first = servers.startReady("node-a", Map.of());
            Fixtures fixtures = new Fixtures(sql);
            long task = fixtures.task(ScriptedWorkHandler.ACTION, "{\"sleep_ms\": 10}");
            sql.update("UPDATE tasks SET webhook_url = ? WHERE id = ?", url, task);
            tasks.awaitStatus(task, "completed", Duration.ofSeconds(20));

            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 2 && sql.number(
                    "SELECT count(*) FROM webhook_deliveries WHERE task_id = ? AND status = 'pending' AND attempts = 2", task) == 1);
            assertThat(sql.row("SELECT webhook_sent FROM tasks WHERE id = ?", task)).containsEntry("webhook_sent", false);
            first.stop(Duration.ofSeconds(60));

            servers.startReady("node-a", Map.of());
            await().atMost(Duration.ofSeconds(60)).until(() -> sql.number(
                    "SELECT count(*) FROM webhook_deliveries WHERE task_id = ? AND status = 'delivered'", task) == 1);

            Map<String, Object> delivery = sql.row("SELECT * FROM webhook_deliveries WHERE task_id = ?", task);
            assertThat(delivery).containsEntry("attempts", 3).containsEntry("status", "delivered");
            assertThat(sql.number("SELECT count(*) FROM webhook_deliveries WHERE task_id = ?", task)).isEqualTo(1);
            assertThat(sql.row("SELECT webhook_sent FROM tasks WHERE id = ?", task)).containsEntry("webhook_sent", true);
        }

        assertThat(received).extracting(Received::answeredWith).containsExactly(500, 500, 204);
        assertThat(received).extracting(Received::delivery).containsOnly(received.get(0).delivery());
        for (Received request : received) {
            assertThat(request.signature()).isEqualTo("sha256=" + WebhookSender.sign(request.body().getBytes(StandardCharsets.UTF_8), SECRET));
        }
        JsonObject body = Json.createReader(new StringReader(received.get(2).body())).readObject();
        assertThat(body.getString("status")).isEqualTo("completed");
        assertThat(body.getString("action")).isEqualTo(ScriptedWorkHandler.ACTION);
        assertThat(body.containsKey("error")).isFalse();
        assertThat(body.getJsonObject("result").getInt("attempt")).isEqualTo(1);
    }
}

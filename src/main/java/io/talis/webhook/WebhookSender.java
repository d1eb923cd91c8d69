package io.talis.webhook;

import io.talis.engine.EngineSettings;
import io.talis.engine.RetryPolicy;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * Sends the webhook outbox: every second it claims due deliveries and POSTs each on its own
 * executor (never a task worker), signed with HMAC-SHA256 of the body in header
 * {@code X-Talis-Signature: sha256=<hex>}. A 2xx answer records the delivery and the task's
 * {@code webhook_sent}; anything else is retried with backoff up to WEBHOOK_MAX_ATTEMPTS.
 * Delivery is at least once: a receiver may see a delivery again (same {@code X-Talis-Delivery}).
 */
@ManagedExecutorDefinition(name = WebhookSender.EXECUTOR, maxAsync = WebhookSender.PARALLEL_SENDS, hungTaskThreshold = -1)
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebhookSender {

    static final String EXECUTOR = "java:app/concurrent/TalisWebhooks";
    static final int PARALLEL_SENDS = 4;
    private static final Logger LOG = Logger.getLogger(WebhookSender.class.getName());
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final RetryPolicy BACKOFF = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(10));

    @Resource
    TimerService timers;

    @Resource(lookup = EXECUTOR)
    ManagedExecutorService executor;

    @Resource(lookup = io.talis.persistence.Database.JNDI_NAME)
    DataSource dataSource;

    @Inject
    EngineSettings engine;

    @Inject
    WebhookSettings settings;

    private WebhookOutbox outbox;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @PostConstruct
    void start() {
        outbox = new WebhookOutbox(dataSource, engine.nodeId());
        timers.createIntervalTimer(TICK.toMillis(), TICK.toMillis(), new TimerConfig("talis-webhooks", false));
    }

    @Timeout
    void sendDue() {
        List<WebhookOutbox.Delivery> due;
        try {
            due = outbox.claim(PARALLEL_SENDS * 4, LEASE);
        } catch (SQLException e) {
            return; // the engine reports the database's absence; the deliveries wait in the outbox
        }
        for (WebhookOutbox.Delivery delivery : due) {
            try {
                executor.execute(() -> send(delivery));
            } catch (RejectedExecutionException stopping) {
                return; // its lease expires and another sender (or this one after a restart) takes it
            }
        }
    }

    private void send(WebhookOutbox.Delivery delivery) {
        String failure;
        try {
            if (!settings.allowed(WebhookSettings.host(delivery.url()))) {
                record(delivery, "host not allowed by WEBHOOK_ALLOWED_HOSTS", true);
                return;
            }
            HttpResponse<Void> response = http.send(request(delivery), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                outbox.delivered(delivery);
                return;
            }
            failure = "HTTP " + response.statusCode();
        } catch (IOException | RuntimeException e) {
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (SQLException e) {
            return; // recording failed; the lease expires and the delivery is sent again
        }
        record(delivery, failure, false);
    }

    /** Records a failed try; {@code giveUp} ends the delivery now whatever attempts are left. */
    private void record(WebhookOutbox.Delivery delivery, String failure, boolean giveUp) {
        int limit = giveUp ? delivery.attempt() : settings.maxAttempts();
        LOG.warning(() -> "webhook of task " + delivery.taskId() + " on node " + engine.nodeId() + " to " + delivery.url()
                + ", attempt " + delivery.attempt()
                + (delivery.attempt() >= limit ? ", the last," : "") + " failed: " + failure);
        try {
            outbox.failed(delivery, failure, BACKOFF.delayAfter(delivery.attempt()), limit);
        } catch (SQLException e) {
            // the lease expires and the delivery is tried again
        }
    }

    private HttpRequest request(WebhookOutbox.Delivery delivery) {
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(delivery.url()))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "talis-webhooks")
                .header("X-Talis-Delivery", String.valueOf(delivery.id()))
                .header("X-Talis-Signature", "sha256=" + sign(body, settings.secret().orElseThrow()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /** HMAC-SHA256 of the body with the shared secret, hex encoded. */
    static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}

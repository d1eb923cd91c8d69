package io.talis.webhook;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where webhooks may go and how they are signed. WEBHOOK_ALLOWED_HOSTS lists the hosts a
 * webhook_url may name ({@code *} for any, {@code *.example.com} for a domain); by default none,
 * so the service cannot be turned against internal addresses. WEBHOOK_SIGNING_SECRET signs every
 * delivery; without it webhooks are refused.
 */
@ApplicationScoped
public class WebhookSettings {

    @Inject
    @ConfigProperty(name = "WEBHOOK_ALLOWED_HOSTS")
    Optional<String> allowedHostsValue;

    @Inject
    @ConfigProperty(name = "WEBHOOK_SIGNING_SECRET")
    Optional<String> signingSecret;

    @Inject
    @ConfigProperty(name = "WEBHOOK_MAX_ATTEMPTS")
    int maxAttempts;

    private List<String> allowedHosts;

    @PostConstruct
    void parse() {
        allowedHosts = allowedHostsValue.map(value -> Arrays.stream(value.split(","))
                        .map(host -> host.strip().toLowerCase(Locale.ROOT)).filter(host -> !host.isEmpty()).toList())
                .orElse(List.of());
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("WEBHOOK_MAX_ATTEMPTS must be at least 1, got " + maxAttempts);
        }
    }

    /** Why a webhook_url may not be used, if it may not; no URL (no webhook) is fine. */
    public Optional<String> problem(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        if (secret().isEmpty()) {
            return Optional.of("webhooks are disabled on this server: WEBHOOK_SIGNING_SECRET is not set");
        }
        String host;
        try {
            host = URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return Optional.of("webhook_url is not a URL: " + url);
        }
        if (!allowed(host)) {
            return Optional.of("webhook_url host '" + host + "' is not allowed (WEBHOOK_ALLOWED_HOSTS)");
        }
        return Optional.empty();
    }

    boolean allowed(String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        return allowedHosts.stream().anyMatch(pattern -> pattern.equals("*") || pattern.equals(name)
                || pattern.startsWith("*.") && name.endsWith(pattern.substring(1)));
    }

    static String host(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    Optional<String> secret() {
        return signingSecret.filter(secret -> !secret.isBlank());
    }

    int maxAttempts() {
        return maxAttempts;
    }
}

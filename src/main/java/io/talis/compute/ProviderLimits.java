package io.talis.compute;

import io.talis.engine.ConcurrencyLimits;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;

/**
 * Per-provider caps: PROVIDER_&lt;FAMILY&gt;_MAX_CONCURRENCY (e.g. PROVIDER_DO_MAX_CONCURRENCY=10)
 * bounds how many tasks of that provider this node runs at once, while tasks of other providers
 * keep flowing. The cap is per node: with N nodes a provider sees at most N times it.
 */
@ApplicationScoped
public class ProviderLimits implements ConcurrencyLimits {

    @Inject
    @Any
    Instance<ComputeProviderFactory> factories;

    @Inject
    Config config;

    private Map<String, Integer> limits;

    @PostConstruct
    void read() {
        Map<String, Integer> read = new TreeMap<>();
        for (ComputeProviderFactory factory : factories) {
            String key = configKey(factory.family());
            config.getOptionalValue(key, Integer.class).ifPresent(limit -> {
                if (limit < 1) {
                    throw new IllegalArgumentException(key + " must be at least 1, got " + limit);
                }
                read.put(factory.family(), limit);
            });
        }
        limits = Map.copyOf(read);
    }

    @Override
    public Map<String, Integer> perKey() {
        return limits;
    }

    static String configKey(String family) {
        return "PROVIDER_" + family.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_MAX_CONCURRENCY";
    }
}

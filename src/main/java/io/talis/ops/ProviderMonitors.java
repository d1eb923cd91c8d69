package io.talis.ops;

import io.talis.compute.ComputeProviders;
import io.talis.compute.ProviderLimits;
import io.talis.compute.ProviderStatistics;
import io.talis.engine.WorkerPool;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;

/** Registers one {@code talis:type=Provider,name=<family>} MBean per cloud provider. */
@Singleton
@Startup
public class ProviderMonitors {

    @EJB
    ComputeProviders providers;

    @Inject
    ProviderLimits limits;

    @Inject
    ProviderStatistics statistics;

    @Inject
    WorkerPool pool;

    private final List<ObjectName> registered = new ArrayList<>();

    @PostConstruct
    void register() {
        for (String family : providers.families()) {
            ObjectName name = Registrations.name("talis:type=Provider,name=" + family);
            Registrations.register(new Monitor(family), name);
            registered.add(name);
        }
    }

    @PreDestroy
    void unregister() {
        registered.forEach(Registrations::unregister);
    }

    /** The MBean of one provider family. */
    private final class Monitor implements ProviderMXBean {
        private final String family;
        private final ProviderStatistics.Counts counts;

        Monitor(String family) {
            this.family = family;
            this.counts = statistics.of(family);
        }

        @Override
        public int getInFlight() {
            return pool.runningByKey().getOrDefault(family, 0);
        }

        @Override
        public int getLimit() {
            return limits.perKey().getOrDefault(family, -1);
        }

        @Override
        public long getCalls() {
            return counts.calls();
        }

        @Override
        public long getErrors() {
            return counts.errors();
        }

        @Override
        public long getRateLimited() {
            return counts.rateLimited();
        }
    }
}

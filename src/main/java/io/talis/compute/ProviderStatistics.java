package io.talis.compute;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** How each provider's API answers this node: calls, failed calls (5xx, no answer) and 429s. */
@ApplicationScoped
public class ProviderStatistics {

    /** The counts of one provider. */
    public static final class Counts {
        private final LongAdder calls = new LongAdder();
        private final LongAdder errors = new LongAdder();
        private final LongAdder rateLimited = new LongAdder();

        /** Records one answer: its HTTP status, or 0 when none came. */
        public void answered(int status) {
            calls.increment();
            if (status == 429) {
                rateLimited.increment();
            } else if (status == 0 || status >= 500) {
                errors.increment();
            }
        }

        public long calls() {
            return calls.sum();
        }

        public long errors() {
            return errors.sum();
        }

        public long rateLimited() {
            return rateLimited.sum();
        }
    }

    private final Map<String, Counts> byFamily = new ConcurrentHashMap<>();

    public Counts of(String family) {
        return byFamily.computeIfAbsent(family, ignored -> new Counts());
    }
}

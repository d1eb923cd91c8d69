package io.talis.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void delaysDoubleWithEachAttemptUpToTheMaximum() {
        assertThat(policy.ceilingMillis(1)).isEqualTo(1_000);
        assertThat(policy.ceilingMillis(2)).isEqualTo(2_000);
        assertThat(policy.ceilingMillis(5)).isEqualTo(16_000);
        assertThat(policy.ceilingMillis(9)).isEqualTo(256_000);
        assertThat(policy.ceilingMillis(10)).isEqualTo(300_000);
        assertThat(policy.ceilingMillis(1_000)).isEqualTo(300_000);
    }

    @Test
    void eachDelayIsJitteredBetweenHalfAndAllOfItsCeiling() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            long delay = policy.delayAfter(4).toMillis();
            assertThat(delay).isBetween(4_000L, 8_000L);
            seen.add(delay);
        }
        assertThat(seen).as("jitter spreads the retries").hasSizeGreaterThan(100);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}

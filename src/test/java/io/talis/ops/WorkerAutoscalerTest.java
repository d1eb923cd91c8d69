package io.talis.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerAutoscalerTest {

    @Test
    void growsAtOnceToTheWorkWithinTheBounds() {
        assertThat(WorkerAutoscaler.target(2, 2, 10, 1, 8)).isEqualTo(8);
        assertThat(WorkerAutoscaler.target(2, 2, 3, 1, 8)).isEqualTo(5);
        assertThat(WorkerAutoscaler.target(1, 0, 0, 3, 8)).as("never below the minimum").isEqualTo(3);
    }

    @Test
    void shrinksByAtMostAQuarterPerStep() {
        assertThat(WorkerAutoscaler.target(20, 0, 0, 1, 32)).isEqualTo(15);
        assertThat(WorkerAutoscaler.target(15, 0, 0, 1, 32)).isEqualTo(12);
        assertThat(WorkerAutoscaler.target(3, 0, 0, 1, 32)).isEqualTo(2);
        assertThat(WorkerAutoscaler.target(2, 1, 0, 1, 32)).isEqualTo(1);
        assertThat(WorkerAutoscaler.target(8, 6, 0, 1, 32)).as("running tasks keep their workers").isEqualTo(6);
    }
}

package io.talis.bench.side;

/** One drain run: {@code tasks} executed between the first start and the last completion. */
public record Drain(int tasks, double seconds, double commitsPerTask) {

    public double tasksPerSecond() {
        return tasks / seconds;
    }
}

package io.talis.bench.figures;

import io.talis.bench.BenchRun;
import io.talis.bench.Report;
import io.talis.bench.Summary;
import io.talis.bench.side.Drain;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Figure 2, IO-bound efficiency: tasks that each wait a simulated provider call, run by many
 * workers; efficiency = ideal time (tasks x wait / workers) / measured time.
 */
public final class IoBoundFigure implements Figure {

    @Override
    public String id() {
        return "io";
    }

    @Override
    public Report.Section run(BenchRun run) throws Exception {
        var scale = run.scale();
        double idealSeconds = scale.ioTasks() * scale.ioSleepMillis() / 1000.0 / scale.ioWorkers();
        Map<String, List<Drain>> results = DrainFigure.drains(run, scale.ioWorkers(), scale.ioTasks(),
                scale.ioSleepMillis(), scale.ioTasks() / 5, scale.ioRuns());
        List<List<String>> rows = new ArrayList<>();
        results.forEach((system, drains) -> rows.add(List.of(
                system.equals(DrainFigure.TALIS) ? system : "db-scheduler " + system,
                Summary.of(drains.stream().map(Drain::seconds).toList()).format(2),
                Summary.of(drains.stream().map(d -> idealSeconds / d.seconds()).toList()).format(3),
                DrainFigure.throughput(drains).format(0),
                DrainFigure.commits(drains).format(2))));
        return new Report.Section(id(), String.format(Locale.ROOT,
                "%,d tasks of %d ms simulated provider latency, %d workers: ideal time %.2f s. Median of %d runs (min-max)"
                        + " after one warm-up of %,d tasks.%n%n", scale.ioTasks(), scale.ioSleepMillis(), scale.ioWorkers(),
                idealSeconds, scale.ioRuns(), scale.ioTasks() / 5)
                + Report.table(List.of("system", "measured s", "efficiency", "tasks/s", "commits per task"), rows));
    }
}

package io.talis.bench.figures;

import io.talis.bench.BenchRun;
import io.talis.bench.Report;
import io.talis.bench.Summary;
import io.talis.bench.side.DbScheduler;
import io.talis.bench.side.TalisNode;
import io.talis.bench.side.TalisNodes;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.DoubleAccumulator;

/**
 * Figure 5, the service itself: time from process start to a healthy answer on every boot of the
 * run, and resident memory at idle and with every worker busy on IO-bound tasks; db-scheduler's
 * process beside it for scale.
 */
public final class ServiceFigure implements Figure {

    @Override
    public String id() {
        return "service";
    }

    @Override
    public Report.Section run(BenchRun run) throws Exception {
        var scale = run.scale();
        int workers = scale.ioWorkers();
        long idleMillis = scale.isSmoke() ? 1_000 : 10_000;
        TalisNode talis = run.talis(workers, scale.drainPollMillis());
        BenchRun.log("Talis at idle for " + idleMillis + " ms");
        Thread.sleep(idleMillis);
        double talisIdle = TalisNode.rssMib(talis.process().pid());
        DoubleAccumulator talisBusy = new DoubleAccumulator(Math::max, 0);
        talis.drain(scale.ioTasks(), "{\"sleep_ms\": " + scale.ioSleepMillis() + "}",
                pid -> talisBusy.accumulate(TalisNode.rssMib(pid)));

        double peerIdle;
        DoubleAccumulator peerBusy = new DoubleAccumulator(Math::max, 0);
        try (DbScheduler.Peer peer = run.peer().start("lock-and-fetch", workers, scale.drainPollMillis(), scale.ioSleepMillis())) {
            peer.drain(scale.ioTasks(), pid -> { });
            Thread.sleep(idleMillis);
            peerIdle = TalisNode.rssMib(peer.pid());
            peer.drain(scale.ioTasks(), pid -> peerBusy.accumulate(TalisNode.rssMib(pid)));
        }

        List<TalisNodes.Boot> boots = run.nodes().boots();
        Summary startup = Summary.of(boots.stream().map(boot -> boot.startup().toMillis() / 1000.0).toList());
        String table = Report.table(List.of("", "Talis (Payara Micro + WAR)", "db-scheduler (plain Java main)"), List.of(
                List.of("startup to ready, s", startup.format(1) + " over " + boots.size() + " boots", "n/a (no HTTP; starts in about a second)"),
                List.of("RSS at idle, MiB", Summary.number(talisIdle, 0), Summary.number(peerIdle, 0)),
                List.of("RSS, " + workers + " workers busy, MiB (peak)", Summary.number(talisBusy.get(), 0),
                        Summary.number(peerBusy.get(), 0))));
        return new Report.Section(id(), String.format(Locale.ROOT,
                "Startup: from starting the java process to the first healthy `GET /health` (median, min-max, of the"
                        + " Talis boots of this run before this table was written, with different worker counts). RSS (VmRSS) after %d s idle, and the peak"
                        + " while %,d tasks of %d ms kept %d workers busy. JVM flags on both sides: `%s`.%n%n",
                idleMillis / 1000, scale.ioTasks(), scale.ioSleepMillis(), workers, String.join(" ", BenchRun.JVM_FLAGS)) + table);
    }
}

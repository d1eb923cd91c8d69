package io.talis.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Starts the graceful drain as soon as the process is asked to stop (SIGTERM from
 * {@code docker stop} or Kubernetes, SIGINT from Ctrl-C), before the application server begins
 * to stop, then hands the signal on to the JVM's own handler, which runs the server's shutdown.
 *
 * <p>Why not rely on {@code @PreDestroy} alone: Payara Micro stops its applications from a JVM
 * shutdown hook where each server service gets about 5 s (the HK2 run-level cancel timeout) and
 * the application's class loader and other singletons are torn down around tasks that still
 * run. Draining first, while everything still works, gives running tasks the whole grace period;
 * {@code @PreDestroy} then finds nothing left to drain. A second signal during the drain is
 * ignored: the drain is bounded by the grace period and then exits by itself.
 */
final class ShutdownSignals {

    private static final Logger LOG = Logger.getLogger(ShutdownSignals.class.getName());
    private static final List<String> STOP_SIGNALS = List.of("TERM", "INT");

    private final Map<Signal, SignalHandler> previous = new HashMap<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    /**
     * Handles the stop signals: {@code drain} runs on a thread of {@code threads} (a managed
     * thread factory, so the drain has the application's context, which the JVM's signal thread
     * lacks), and the signal goes on to the previous handler when it is done.
     */
    synchronized void install(Runnable drain, ThreadFactory threads) {
        for (String name : STOP_SIGNALS) {
            Signal signal = new Signal(name);
            SignalHandler old = Signal.handle(signal, received -> onSignal(received, drain, threads));
            if (old == SignalHandler.SIG_IGN) {
                // Ignored on purpose (e.g. SIGINT of a background job): keep it ignored.
                Signal.handle(signal, old);
            } else {
                previous.put(signal, old);
            }
        }
    }

    /** Gives the signals back to their previous handlers (on undeploy, so a redeploy starts clean). */
    synchronized void uninstall() {
        previous.forEach(Signal::handle);
        previous.clear();
    }

    private void onSignal(Signal signal, Runnable drain, ThreadFactory threads) {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        LOG.info(() -> "SIG" + signal.getName() + " received: draining the worker pool before the server stops");
        try {
            Thread drainer = threads.newThread(drain);
            drainer.setName("talis-shutdown-drain");
            drainer.start();
            drainer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "draining at shutdown failed", e);
        }
        SignalHandler next;
        synchronized (this) {
            next = previous.get(signal);
        }
        if (next != null && next != SignalHandler.SIG_DFL) {
            next.handle(signal);
        } else {
            System.exit(128 + signal.getNumber());
        }
    }
}

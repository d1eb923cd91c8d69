package io.talis.engine;

import java.util.Map;

/**
 * Caps on how many tasks of one concurrency key (for instance tasks: their provider) this node
 * runs at once, besides WORKER_COUNT. Supplied by a CDI bean outside the engine; without one,
 * nothing is capped.
 */
public interface ConcurrencyLimits {

    /** The most tasks of each key this node may run at once; keys not listed are not capped. */
    Map<String, Integer> perKey();
}

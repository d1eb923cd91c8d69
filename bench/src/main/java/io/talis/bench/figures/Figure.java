package io.talis.bench.figures;

import io.talis.bench.BenchRun;
import io.talis.bench.Report;

/** One figure of docs/benchmarks.md: measures, and returns its block of the document. */
public interface Figure {

    /** The name on the command line and in the document's markers. */
    String id();

    Report.Section run(BenchRun run) throws Exception;
}

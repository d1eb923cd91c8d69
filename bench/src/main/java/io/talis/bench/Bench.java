package io.talis.bench;

import io.talis.bench.figures.CeilingFigure;
import io.talis.bench.figures.DrainFigure;
import io.talis.bench.figures.Figure;
import io.talis.bench.figures.GrowthFigure;
import io.talis.bench.figures.IoBoundFigure;
import io.talis.bench.figures.LatencyFigure;
import io.talis.bench.figures.ServiceFigure;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark suite: {@code bench/run [--smoke] [figure...]} (all figures when none is named).
 * Prints each figure's table and writes it into docs/benchmarks.md (the smoke version writes
 * to bench/target/ instead).
 */
public final class Bench {

    private static final Map<String, Figure> FIGURES = new LinkedHashMap<>();

    static {
        for (Figure figure : List.of(new CeilingFigure(), new DrainFigure(), new IoBoundFigure(), new ServiceFigure(),
                new GrowthFigure(), new LatencyFigure())) {
            FIGURES.put(figure.id(), figure);
        }
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = List.of(args).contains("--smoke");
        List<String> names = new ArrayList<>(List.of(args).stream().filter(a -> !a.startsWith("--")).toList());
        if (names.isEmpty() || names.contains("all")) {
            names = new ArrayList<>(FIGURES.keySet());
        }
        Path benchDir = Path.of(System.getProperty("talis.bench.dir", "bench"));
        Path document = smoke ? benchDir.resolve("target/smoke/benchmarks.md")
                : Path.of(System.getProperty("talis.docs", "docs")).resolve("benchmarks.md");
        run((smoke ? Scale.smoke() : Scale.full()).withDrainOverrides(), names, benchDir.resolve("target/work"), document);
    }

    /** Runs these figures and writes them into {@code document}; returns the sections written. */
    public static List<Report.Section> run(Scale scale, List<String> names, Path workDir, Path document) throws Exception {
        for (String name : names) {
            if (!FIGURES.containsKey(name)) {
                throw new IllegalArgumentException("unknown figure '" + name + "'; figures: " + FIGURES.keySet());
            }
        }
        long began = System.nanoTime();
        List<Report.Section> sections = new ArrayList<>();
        String loadBefore = Machine.loadAverage();
        try (BenchRun run = new BenchRun(scale, workDir, document.toAbsolutePath().getParent())) {
            boolean whole = names.containsAll(FIGURES.keySet());
            for (String name : names) {
                BenchRun.log("figure " + name);
                Report.Section section = FIGURES.get(name).run(run);
                if (!whole) {
                    // The description of the machine is the whole suite's; a figure run alone says when it ran.
                    section = new Report.Section(section.id(), section.markdown().strip() + "\n\n" + Machine.stamp(run));
                }
                System.out.println();
                System.out.println(section.markdown());
                sections.add(section);
                Report.update(document, List.of(section));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            Report.Section machine = new Report.Section("machine", Machine.describe(run, String.join(" ", names), took, loadBefore));
            System.out.println(machine.markdown());
            if (whole) {
                Report.update(document, List.of(machine));
            }
            sections.add(machine);
        }
        BenchRun.log(String.format(Locale.ROOT, "done in %d s; written to %s on %s",
                Duration.ofNanos(System.nanoTime() - began).toSeconds(), document, LocalDate.now()));
        return sections;
    }
}

package io.talis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole harness at the smallest scale (every figure, one Talis boot, both db-scheduler
 * modes), so that it cannot rot: runs with the build's normal test command.
 */
class BenchSmokeTest {

    @Test
    void everyFigureMeasuresBothSidesAndLandsInTheDocument() throws Exception {
        Path document = Path.of("target", "smoke", "benchmarks.md");
        Files.deleteIfExists(document);

        List<Report.Section> sections = Bench.run(Scale.smoke(), List.of("ceiling", "drain", "io", "service", "growth", "latency"),
                Path.of("target", "smoke-work"), document);

        assertThat(sections).extracting(Report.Section::id)
                .containsExactly("ceiling", "drain", "io", "service", "growth", "latency", "machine");
        String text = Files.readString(document);
        for (Report.Section section : sections) {
            assertThat(text).contains("<!-- bench:" + section.id() + ":begin -->");
        }
        assertThat(text).doesNotContain("NaN").contains("| Talis |", "db-scheduler lock-and-fetch", "Talis with its wake-up path");
        assertThat(document.resolveSibling("benchmarks-drain-smoke.png")).isNotEmptyFile();
    }
}

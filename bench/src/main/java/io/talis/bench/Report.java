package io.talis.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes results into a Markdown document between markers
 * ({@code <!-- bench:ID:begin -->} ... {@code <!-- bench:ID:end -->}), so that the prose around
 * them stays as written and a figure run alone replaces only its own block.
 */
public final class Report {

    /** A generated block: a figure's tables, or the description of the machine. */
    public record Section(String id, String markdown) {
    }

    private Report() {
    }

    public static void update(Path document, List<Section> sections) throws IOException {
        String text = Files.exists(document) ? Files.readString(document) : "# Benchmarks\n";
        for (Section section : sections) {
            String begin = "<!-- bench:" + section.id() + ":begin -->";
            String end = "<!-- bench:" + section.id() + ":end -->";
            String block = begin + "\n" + section.markdown().strip() + "\n" + end;
            int from = text.indexOf(begin);
            int to = text.indexOf(end);
            if (from >= 0 && to > from) {
                text = text.substring(0, from) + block + text.substring(to + end.length());
            } else {
                text = text.stripTrailing() + "\n\n" + block + "\n";
            }
        }
        Files.createDirectories(document.toAbsolutePath().getParent());
        Files.writeString(document, text);
    }

    /** A Markdown table. */
    public static String table(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", header)).append(" |\n");
        out.append(header.stream().map(h -> "---").collect(Collectors.joining("|", "|", "|"))).append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }
}

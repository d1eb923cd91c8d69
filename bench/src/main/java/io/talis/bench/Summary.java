package io.talis.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The median of several runs with their min and max, as the tables show them. */
public record Summary(double median, double min, double max, int runs) {

    public static Summary of(List<Double> values) {
        if (values.isEmpty()) {
            return new Summary(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Summary(median, sorted.get(0), sorted.get(n - 1), n);
    }

    /** "5,633 (5,410-5,700)" with this many decimals. */
    public String format(int decimals) {
        if (runs == 0) {
            return "n/a";
        }
        if (runs == 1) {
            return number(median, decimals);
        }
        return number(median, decimals) + " (" + number(min, decimals) + "-" + number(max, decimals) + ")";
    }

    public static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }
}

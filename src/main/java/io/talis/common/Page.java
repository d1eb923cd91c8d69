package io.talis.common;

import java.util.List;
import java.util.function.Function;

/** One page of a listing: its rows, the true total of matching rows, and where the page starts. */
public record Page<T>(List<T> rows, long total, int limit, int offset) {

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(rows.stream().map(mapper).toList(), total, limit, offset);
    }

    /** 1-based number of this page. */
    public int number() {
        return limit == 0 ? 1 : offset / limit + 1;
    }
}

package io.talis.common;

/**
 * Which rows of a listing to return. REST listings take limit (default 100, at most 1000) and
 * offset; RPC listings take a 1-based page of 50 rows, as the Go service does.
 */
public record PageRequest(int limit, int offset) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    public static final int RPC_PAGE_SIZE = 50;

    /** From REST query parameters; null means absent. */
    public static PageRequest ofLimitOffset(Integer limit, Integer offset) {
        int rows = limit == null || limit == 0 ? DEFAULT_LIMIT : limit;
        int skip = offset == null ? 0 : offset;
        if (rows < 0 || rows > MAX_LIMIT) {
            throw Rejected.invalid("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (skip < 0) {
            throw Rejected.invalid("offset must not be negative, got " + offset);
        }
        return new PageRequest(rows, skip);
    }

    /** From an RPC page number; absent or 0 means the first page. */
    public static PageRequest ofPage(Integer page) {
        int number = page == null || page == 0 ? 1 : page;
        if (number < 0) {
            throw Rejected.invalid("page must be a positive number, got " + page);
        }
        return new PageRequest(RPC_PAGE_SIZE, (number - 1) * RPC_PAGE_SIZE);
    }
}

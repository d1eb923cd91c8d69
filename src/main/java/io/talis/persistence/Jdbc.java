package io.talis.persistence;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Runs one SQL statement on a connection of the pool. Without a surrounding JTA transaction each
 * statement commits on its own, which is what every state change of the engine wants: one
 * statement, one commit.
 *
 * <p>{@link #onOwnConnection} runs them instead on one connection kept open for a single writer:
 * no pool checkout and validation round trip per statement, and session settings of its own.
 * A statement that fails closes that connection; the next one opens a new connection.
 */
public final class Jdbc implements AutoCloseable {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** A parameter bound as a PostgreSQL array, e.g. {@code sqlArray("bigint", ids)}. */
    public record SqlArray(String elementType, Object[] elements) {
    }

    @FunctionalInterface
    private interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final boolean ownConnection;
    private Connection held;

    public Jdbc(DataSource dataSource) {
        this(dataSource, false);
    }

    private Jdbc(DataSource dataSource, boolean ownConnection) {
        this.dataSource = dataSource;
        this.ownConnection = ownConnection;
    }

    /** Statements on one connection from {@code dataSource} (an unpooled one), kept open between them. */
    public static Jdbc onOwnConnection(DataSource dataSource) {
        return new Jdbc(dataSource, true);
    }

    public static SqlArray sqlArray(String elementType, List<?> elements) {
        return new SqlArray(elementType, elements.toArray());
    }

    public int update(String sql, Object... params) throws SQLException {
        return run(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, params)) {
                return statement.executeUpdate();
            }
        });
    }

    public <T> List<T> list(String sql, Row<T> mapper, Object... params) throws SQLException {
        return run(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, params);
                 ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        });
    }

    public <T> Optional<T> single(String sql, Row<T> mapper, Object... params) throws SQLException {
        List<T> rows = list(sql, mapper, params);
        if (rows.size() > 1) {
            throw new SQLException("expected at most one row, got " + rows.size() + " from: " + sql);
        }
        return rows.stream().findFirst();
    }

    private <T> T run(Work<T> work) throws SQLException {
        if (!ownConnection) {
            try (Connection connection = dataSource.getConnection()) {
                return work.on(connection);
            }
        }
        synchronized (this) {
            if (held == null) {
                held = dataSource.getConnection();
            }
            try {
                return work.on(held);
            } catch (SQLException | RuntimeException e) {
                close();
                throw e;
            }
        }
    }

    /** Closes the connection kept by {@link #onOwnConnection} (a later statement opens another). */
    @Override
    public synchronized void close() {
        if (held != null) {
            try {
                held.close();
            } catch (SQLException alreadyBroken) {
                // It is being dropped because it failed or the application stops: nothing to save.
            }
            held = null;
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                Object param = params[i];
                if (param instanceof SqlArray array) {
                    Array bound = connection.createArrayOf(array.elementType(), array.elements());
                    statement.setArray(i + 1, bound);
                } else {
                    statement.setObject(i + 1, param);
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}

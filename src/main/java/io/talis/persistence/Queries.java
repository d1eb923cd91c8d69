package io.talis.persistence;

import io.talis.common.Page;
import io.talis.common.PageRequest;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import java.sql.SQLException;
import java.util.Map;

/** What every JPA listing and insert needs: pages with a true total, and unique-key conflicts. */
public final class Queries {

    private Queries() {
    }

    /**
     * Runs {@code select} (a JPQL query over entity alias {@code e} without ORDER BY) as a page
     * ordered by {@code order}, with the total from the matching count query.
     */
    public static <T> Page<T> page(EntityManager em, Class<T> type, String from, String order,
                                   Map<String, Object> parameters, PageRequest page) {
        TypedQuery<T> rows = em.createQuery("SELECT e " + from + " ORDER BY " + order, type)
                .setFirstResult(page.offset())
                .setMaxResults(page.limit());
        TypedQuery<Long> count = em.createQuery("SELECT COUNT(e) " + from, Long.class);
        parameters.forEach((name, value) -> {
            rows.setParameter(name, value);
            count.setParameter(name, value);
        });
        return new Page<>(rows.getResultList(), count.getSingleResult(), page.limit(), page.offset());
    }

    /** Whether a failed write broke a unique index (another request took the name first). */
    public static boolean isUniqueViolation(PersistenceException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}

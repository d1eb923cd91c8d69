package io.talis.common;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Base of the singleton caches that create an expensive object once per key (a provider client
 * per provider id, a provisioner per provider id). Lookups share a read lock; creation takes the
 * write lock and looks again first, so concurrent first uses never create two.
 *
 * <p>Callers look up first and create only on a miss:
 * {@code cache.cached(id).orElseGet(() -> cache.createOnce(id))}. (A READ method cannot call
 * the WRITE method itself: the container forbids upgrading a lock in one call.)
 */
public abstract class CreateOnceCache<V> {

    private final Map<String, V> created = new HashMap<>();

    @Lock(LockType.READ)
    public Optional<V> cached(String key) {
        return Optional.ofNullable(created.get(key));
    }

    @Lock(LockType.WRITE)
    public V createOnce(String key) {
        V existing = created.get(key);
        if (existing != null) {
            return existing;
        }
        V value = create(key);
        created.put(key, value);
        return value;
    }

    /** Builds the value for a key; called at most once per key. */
    protected abstract V create(String key);
}

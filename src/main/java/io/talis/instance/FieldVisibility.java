package io.talis.instance;

import jakarta.json.bind.config.PropertyVisibilityStrategy;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * JSON-B sees the request classes through their fields (named by {@code @JsonbProperty}), since
 * their accessors are not bean getters; it is how a request is written into its task's payload.
 */
public final class FieldVisibility implements PropertyVisibilityStrategy {

    @Override
    public boolean isVisible(Field field) {
        return true;
    }

    @Override
    public boolean isVisible(Method method) {
        return false;
    }
}

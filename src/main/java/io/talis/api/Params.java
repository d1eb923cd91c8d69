package io.talis.api;

import io.talis.common.Rejected;

/** Query and path parameters, parsed with errors that name them (JAX-RS would answer 404). */
final class Params {

    private Params() {
    }

    static Integer integer(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw Rejected.invalid(name + " must be an integer, got '" + value + "'");
        }
    }

    static Long id(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(value.strip());
            if (id <= 0) {
                throw Rejected.invalid(name + " must be positive, got " + id);
            }
            return id;
        } catch (NumberFormatException e) {
            throw Rejected.invalid(name + " must be a positive integer, got '" + value + "'");
        }
    }

    static boolean flag(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip()) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw Rejected.invalid(name + " must be true or false, got '" + value + "'");
        };
    }
}

package io.talis.compute.rest;

import io.talis.compute.ProviderException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * Lenient reading of provider answers: a field that is missing, null or of another type reads as
 * empty, so a cloud adding or dropping fields does not break the parsing of the fields we use.
 */
public final class JsonFields {

    private JsonFields() {
    }

    public static JsonObject object(JsonObject json, String field) {
        return json.get(field) instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
    }

    public static JsonArray array(JsonObject json, String field) {
        return json.get(field) instanceof JsonArray array ? array : JsonValue.EMPTY_JSON_ARRAY;
    }

    public static Optional<String> text(JsonObject json, String field) {
        return json.get(field) instanceof JsonString string && !string.getString().isBlank()
                ? Optional.of(string.getString()) : Optional.empty();
    }

    public static Optional<Long> number(JsonObject json, String field) {
        return json.get(field) instanceof JsonNumber number ? Optional.of(number.longValue()) : Optional.empty();
    }

    /** A number the answer must carry, such as the id of what was just created. */
    public static long requiredNumber(JsonObject json, String field, String what) throws ProviderException {
        return number(json, field).orElseThrow(() -> new ProviderException(0, what + " came without a numeric '" + field + "'"));
    }
}

package io.talis.api.rpc;

import io.talis.api.ExceptionMappers;
import io.talis.common.Rejected;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

/** Binds an RPC request's params to the record of its method; bad shapes are "invalid parameters". */
final class RpcParams {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private RpcParams() {
    }

    static <T> T bind(JsonValue params, Class<T> type) {
        if (params == null || params.getValueType() == JsonValue.ValueType.NULL) {
            return JSONB.fromJson("{}", type);
        }
        if (params.getValueType() != JsonValue.ValueType.OBJECT) {
            throw Rejected.invalid("invalid parameters: params must be a JSON object");
        }
        try {
            return JSONB.fromJson(params.toString(), type);
        } catch (JsonbException e) {
            throw Rejected.invalid("invalid parameters: " + ExceptionMappers.rootMessage(e));
        }
    }

    static String text(JsonValue value) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        return value instanceof jakarta.json.JsonString string ? string.getString() : value.toString();
    }
}

package io.talis.api.rpc;

import io.talis.owner.Caller;
import jakarta.json.JsonValue;

/** One method of the RPC endpoint: takes the caller and the request's params, returns the data (or null). */
@FunctionalInterface
public interface RpcMethod {

    JsonValue call(Caller caller, JsonValue params);
}

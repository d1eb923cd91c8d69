package io.talis.api.rpc;

import java.util.Map;

/** A group of RPC methods (project.*, task.*, ...), found by the RPC endpoint among the CDI beans. */
public interface RpcMethods {

    Map<String, RpcMethod> methods();
}

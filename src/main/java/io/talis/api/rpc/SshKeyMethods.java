package io.talis.api.rpc;

import io.talis.api.Views;
import io.talis.sshkey.SshKeyService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import java.util.Map;

/** sshkey.create, sshkey.list (a bare array, as in Go), sshkey.delete. */
@ApplicationScoped
public class SshKeyMethods implements RpcMethods {

    public record Params(String name, @JsonbProperty("public_key") String publicKey,
                         @JsonbProperty("owner_id") Long ownerId) {
    }

    @Inject
    SshKeyService keys;

    @Override
    public Map<String, RpcMethod> methods() {
        return Map.of(
                "sshkey.create", (caller, json) -> {
                    Params p = RpcParams.bind(json, Params.class);
                    return Views.sshKey(keys.create(caller, p.ownerId(), p.name(), p.publicKey()));
                },
                "sshkey.list", (caller, json) -> Views.array(
                        keys.list(caller, RpcParams.bind(json, Params.class).ownerId()), Views::sshKey).build(),
                "sshkey.delete", (caller, json) -> {
                    Params p = RpcParams.bind(json, Params.class);
                    keys.delete(caller, p.ownerId(), p.name());
                    return null;
                });
    }
}

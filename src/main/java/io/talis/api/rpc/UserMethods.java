package io.talis.api.rpc;

import static io.talis.common.SharedJson.JSON;

import io.talis.api.Views;
import io.talis.common.PageRequest;
import io.talis.owner.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import java.util.Map;

/** user.create (administrator only; answers the new id and its API key, shown once), user.get, user.get.id, user.delete. */
@ApplicationScoped
public class UserMethods implements RpcMethods {

    public record Params(Long id, String username, String email, Integer role,
                         @JsonbProperty("public_ssh_key") String publicSshKey, Integer page) {

        long user() {
            return id == null ? 0 : id;
        }
    }

    @Inject
    UserService users;

    @Override
    public Map<String, RpcMethod> methods() {
        return Map.of(
                "user.create", (caller, json) -> {
                    Params p = RpcParams.bind(json, Params.class);
                    UserService.Created created = users.create(caller, p.username(), p.email(), p.role(), p.publicSshKey());
                    return JSON.createObjectBuilder().add("id", created.id()).add("api_key", created.apiKey()).build();
                },
                "user.get", (caller, json) -> {
                    Params p = RpcParams.bind(json, Params.class);
                    if (p.username() != null && !p.username().isBlank()) {
                        return JSON.createObjectBuilder().add("user", Views.user(users.byUsername(caller, p.username()))).build();
                    }
                    var page = users.list(caller, PageRequest.ofPage(p.page()));
                    return JSON.createObjectBuilder()
                            .add("users", Views.array(page.rows(), Views::user))
                            .add("pagination", Views.pagination(page))
                            .build();
                },
                "user.get.id", (caller, json) -> Views.user(users.get(caller, RpcParams.bind(json, Params.class).user())),
                "user.delete", (caller, json) -> {
                    users.delete(caller, RpcParams.bind(json, Params.class).user());
                    return null;
                });
    }
}

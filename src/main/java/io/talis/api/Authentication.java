package io.talis.api;

import io.talis.owner.ApiKeys;
import io.talis.owner.Caller;
import io.talis.owner.User;
import io.talis.owner.UserService;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every endpoint but {@code /health} (with its probes) and {@code /openapi-ui} needs an API key, in header {@code apikey} (what the Go
 * client and its gateway send) or as {@code Authorization: Bearer <key>}. The key of
 * TALIS_ADMIN_API_KEY is the administrator's; other keys belong to users (stored as hashes).
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class Authentication implements ContainerRequestFilter {

    private static final String CALLER = Caller.class.getName();
    private static final String BEARER = "Bearer ";
    /** What anyone may read: the health probes and the API's documentation page. */
    private static final Pattern PUBLIC = Pattern.compile("health(/live|/ready)?|openapi-ui(/[^/]+)?");

    @Inject
    UserService users;

    @Inject
    @ConfigProperty(name = "TALIS_ADMIN_API_KEY")
    Optional<String> adminKey;

    /** The caller the filter authenticated for this request. */
    public static Caller caller(ContainerRequestContext request) {
        return (Caller) request.getProperty(CALLER);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (PUBLIC.matcher(request.getUriInfo().getPath().replaceAll("^/+|/+$", "")).matches()) {
            return;
        }
        Optional<String> key = presentedKey(request);
        if (key.isEmpty()) {
            request.abortWith(ErrorBody.of(401, "unauthorized",
                    "an API key is required: send it in header 'apikey' or as 'Authorization: Bearer <key>'"));
            return;
        }
        Optional<Caller> caller = adminKey.filter(admin -> !admin.isBlank() && ApiKeys.same(key.get(), admin))
                .map(admin -> new Caller(User.ADMIN_ID, true))
                .or(() -> users.authenticate(key.get()));
        if (caller.isEmpty()) {
            request.abortWith(ErrorBody.of(401, "unauthorized", "the API key is not valid"));
            return;
        }
        request.setProperty(CALLER, caller.get());
    }

    private static Optional<String> presentedKey(ContainerRequestContext request) {
        String apikey = request.getHeaderString("apikey");
        if (apikey != null && !apikey.isBlank()) {
            return Optional.of(apikey.strip());
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = authorization.substring(BEARER.length()).strip();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        }
        return Optional.empty();
    }
}

package io.talis.common;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once. {@code jakarta.json.Json.create*} look it up on every
 * call ({@code JsonProvider.provider()} scans the class path through the service loader), a cost
 * that showed at the top of the engine's profile under load; use {@code SharedJson.JSON.create*}.
 */
public final class SharedJson {

    public static final JsonProvider JSON = JsonProvider.provider();

    private SharedJson() {
    }
}

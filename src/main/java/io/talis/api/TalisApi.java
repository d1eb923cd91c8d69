package io.talis.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The HTTP interface, served at the root like the Go service: {@code /health}, {@code /api/v1/...}. */
@ApplicationPath("/")
public class TalisApi extends Application {
}

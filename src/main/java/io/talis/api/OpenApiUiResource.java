package io.talis.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /openapi-ui}: a browsable page of the OpenAPI document ({@code /openapi}), drawn by
 * swagger-ui from its webjar. (The JAX-RS application owns every path of the root context, so
 * the page and its few assets are served from here rather than as static files.)
 */
@Path("openapi-ui")
public class OpenApiUiResource {

    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css",
            "swagger-ui-bundle.js", "application/javascript",
            "swagger-ui-standalone-preset.js", "application/javascript",
            "favicon-32x32.png", "image/png");
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Talis API</title>
              <link rel="icon" href="/openapi-ui/favicon-32x32.png">
              <link rel="stylesheet" href="/openapi-ui/swagger-ui.css">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/openapi-ui/swagger-ui-bundle.js"></script>
              <script src="/openapi-ui/swagger-ui-standalone-preset.js"></script>
              <script>
                window.ui = SwaggerUIBundle({
                  url: "/openapi",
                  dom_id: "#swagger-ui",
                  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                  layout: "StandaloneLayout"
                });
              </script>
            </body>
            </html>
            """;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public String page() {
        return PAGE;
    }

    @GET
    @Path("{asset}")
    @Operation(hidden = true)
    public Response asset(@PathParam("asset") String asset) {
        String type = ASSETS.get(asset);
        InputStream content = type == null ? null
                : OpenApiUiResource.class.getClassLoader().getResourceAsStream(WEBJAR + asset);
        if (content == null) {
            throw new NotFoundException();
        }
        return Response.ok(content, type).header("Cache-Control", "max-age=86400").build();
    }

    private static String swaggerUiVersion() {
        try (InputStream in = OpenApiUiResource.class.getResourceAsStream("openapi-ui.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("swagger-ui.version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

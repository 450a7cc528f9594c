package io.skylane.northbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.skylane.core.flow.AppId;
import io.skylane.core.pipeline.SkylanePipeline;
import io.skylane.northbound.openstack.KeystoneRoutes;
import io.skylane.northbound.openstack.KeystoneTokens;
import io.skylane.northbound.openstack.NeutronRoutes;
import io.skylane.northbound.openstack.OctaviaRoutes;
import io.skylane.northbound.openstack.OpenStackErrors;
import io.skylane.vpc.intent.IntentException;
import java.security.KeyStore;
import java.time.Clock;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The northbound REST API: JSON under {@code /v1}. Every error, including unknown routes, failures
 * inside the controller and requests Jetty refuses before routing ({@link JsonErrorHandler}),
 * answers with {@code {"error": {"type", "message", "field"}}}.
 */
public final class RestServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RestServer.class);

    /** The app that owns the rules set through the static flow API ({@code /v1/devices/{dpid}/flows}). */
    public static final AppId STATIC_FLOWS_APP = SkylanePipeline.REST;

    /** The largest request body accepted: 32 MiB, room for well over 10,000 flow rules in one PUT. */
    public static final long MAX_REQUEST_BYTES = 32L * 1024 * 1024;

    /** The largest request line, and the largest request headers, accepted (Jetty's default): 414 and 431 beyond. */
    static final int MAX_HEADER_BYTES = 8 * 1024;

    /** The buffer through which Javalin copies an answer to Jetty's own output buffer. */
    static final int RESPONSE_COPY_BYTES = 4096;

    private final RestConfig config;
    private final Javalin app;

    /**
     * @param config   where to listen
     * @param version  the controller's version, for {@code /v1/health}
     * @param services the services the routes read and drive
     */
    public RestServer(RestConfig config, String version, RestServices services) {
        this.config = config;
        ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        this.app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.startupWatcherEnabled = false;
            c.http.prefer405over404 = true;
            c.http.maxRequestSize = MAX_REQUEST_BYTES;
            // Javalin copies each answer to Jetty's output through a buffer of this size, allocated per
            // answer (Jetty's 32 KiB output buffer size by default): most answers are well under 4 KiB.
            c.http.responseBufferSize = RESPONSE_COPY_BYTES;
            c.jsonMapper(new JavalinJackson(mapper, false));
            c.jetty.modifyHttpConfiguration(http -> {
                http.setRequestHeaderSize(MAX_HEADER_BYTES);
                // no id has an encoded '/', a '%2e%2e' segment or an encoded '%': such a path is a 400
                http.setUriCompliance(UriCompliance.RFC3986_UNAMBIGUOUS);
            });
            JsonErrorHandler jettyErrors = new JsonErrorHandler(MAX_HEADER_BYTES);
            c.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
            c.jetty.modifyServletContextHandler(context -> context.setErrorHandler(jettyErrors));
            if (config.tls() != null) {
                KeyStore keys = PemKeyStore.load(config.tls().certificateFile(), config.tls().keyFile());
                c.jetty.addConnector((server, http) -> {
                    SslContextFactory.Server tls = new SslContextFactory.Server();
                    tls.setKeyStore(keys);
                    tls.setKeyStorePassword("");
                    HttpConfiguration https = new HttpConfiguration(http);
                    // Clients reach the controller by address as often as by name: no SNI host check.
                    https.addCustomizer(new SecureRequestCustomizer(false));
                    ServerConnector connector = new ServerConnector(server, tls, new HttpConnectionFactory(https));
                    connector.setHost(config.address());
                    connector.setPort(config.port());
                    return connector;
                });
            }
        });
        new Auth(services.intents()).register(app);
        app.before("/v1/*", QueryInput::requireText);
        new SystemRoutes(services.devices(), services.southbound(), version, Clock.systemUTC(), services.counters())
                .register(app);
        new DeviceRoutes(services.devices(), services.flows()).register(app);
        new StaticFlowRoutes(services.devices(), services.flows(), MAX_REQUEST_BYTES).register(app);
        new TopologyRoutes(services.topology(), services.hosts(), services.paths(), services.linkLastSeen())
                .register(app);
        new HostRoutes(services.hosts()).register(app);
        new PathRoutes(services.paths(), services.hosts()).register(app);
        new IntentRoutes(services.intents()).register(app);
        new YangRoutes().register(app);
        KeystoneTokens keystone = new KeystoneTokens(services.intents(), Clock.systemUTC());
        app.before(KeystoneRoutes.BASE + "/*", QueryInput::requireText);
        app.before(NeutronRoutes.BASE + "/*", QueryInput::requireText);
        new KeystoneRoutes(services.intents(), keystone).register(app);
        new NeutronRoutes(services.intents(), keystone, services.network()).register(app);
        app.before(OctaviaRoutes.BASE + "/*", QueryInput::requireText);
        new OctaviaRoutes(services.intents(), keystone).register(app);
        registerErrors(mapper);
    }

    private void registerErrors(ObjectMapper mapper) {
        app.exception(ApiException.class, (e, ctx) -> fail(ctx, e.status(), e.type(), e.getMessage(), e.field()));
        app.exception(IntentException.class, (e, ctx) ->
                fail(ctx, e.kind().status(), e.kind().type(), e.getMessage(), e.field()));
        app.exception(java.io.UncheckedIOException.class, (e, ctx) -> {
            log.error("{} {}: the intent store failed: {}", ctx.method(), ctx.path(), e.getCause().toString());
            fail(ctx, 503, "unavailable", "the intent store cannot write: " + e.getMessage(), null);
        });
        app.exception(JsonProcessingException.class, (e, ctx) ->
                fail(ctx, 400, "bad_request", "malformed JSON: " + e.getOriginalMessage(), null));
        app.exception(Exception.class, (e, ctx) -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            if (cause instanceof IntentException) {
                IntentException i = (IntentException) cause;
                fail(ctx, i.kind().status(), i.kind().type(), i.getMessage(), i.field());
            } else if (cause instanceof ApiException a) {
                fail(ctx, a.status(), a.type(), a.getMessage(), a.field());
            } else if (cause instanceof java.util.concurrent.TimeoutException) {
                fail(ctx, 504, "timeout", "the switch did not answer in time", null);
            } else if (cause instanceof io.skylane.core.southbound.SwitchDisconnectedException) {
                fail(ctx, 409, "conflict", cause.getMessage(), null);
            } else {
                log.warn("{} {} failed: {}", ctx.method(), ctx.path(), cause.toString());
                log.debug("REST failure", cause);
                fail(ctx, 500, "internal", "internal error: " + cause.getClass().getSimpleName(), null);
            }
        });
        app.error(HttpStatus.NOT_FOUND, ctx -> {
            // Keep an error a handler already wrote (a 404 naming what was not found); replace anything
            // else, Javalin's own "Endpoint ... not found" (JSON when the client accepts JSON) included.
            String written = ctx.result();
            if (!OpenStackErrors.isError(written)) {
                fail(ctx, 404, "not_found", "no resource at " + ctx.method() + " " + ctx.path(), null);
            }
        });
        app.error(HttpStatus.METHOD_NOT_ALLOWED, ctx ->
                fail(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path(), null));
        mapper.findAndRegisterModules();
    }

    /** An error in the format of the API the request was made to (Skylane's, or an OpenStack API's). */
    private static void fail(io.javalin.http.Context ctx, int status, String type, String message, String field) {
        if (!OpenStackErrors.render(ctx, status, type, message, field)) {
            ctx.status(status).json(ErrorBody.of(type, message, field));
        }
    }

    /**
     * Every route of the native API registered, as {@code "GET /v1/vpcs/{id}"} (HTTP methods only,
     * not before/after handlers), in registration order: what the OpenAPI document must describe
     * (the OpenStack APIs under {@code /identity} and {@code /networking} are OpenStack's own).
     */
    java.util.List<String> routes() {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(io.javalin.router.ParsedEndpoint::getEndpoint)
                .filter(e -> e.getMethod().isHttpMethod())
                .filter(e -> e.getPath().startsWith("/v1"))
                .map(e -> e.getMethod().name() + " " + e.getPath())
                .toList();
    }

    /** Binds and starts serving. */
    public void start() {
        if (config.tls() != null) {
            app.start(); // the HTTPS connector above is the only one
        } else {
            app.start(config.address(), config.port());
        }
        log.info("REST API listening on {}:{} ({})", config.address(), port(), config.tls() != null ? "HTTPS" : "HTTP");
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}

package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.skylane.northbound.ApiException;
import io.skylane.northbound.JsonBodies;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentException;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.ListQuery;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The Keystone v3 subset the OpenStack clients need, at {@code /identity} (docs/openstack.md):
 * version discovery, {@code POST /v3/auth/tokens} with the {@code token} and {@code password}
 * methods, validation ({@code GET}/{@code HEAD}) and revocation ({@code DELETE}) of a token, the
 * catalog, and the project and user look-ups. A project is a Skylane tenant (same id); the
 * credential is always a Skylane token: a tenant token's secret (as {@code token}, or as the
 * {@code password} of the user named like the tenant) or the admin token (user {@code admin}).
 */
public final class KeystoneRoutes {

    /** Where Keystone is served on the API port. */
    public static final String BASE = "/identity";
    static final String V3 = BASE + "/v3";
    static final String DOMAIN = "default";
    static final String ADMIN_USER = "admin";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final long MAX_BODY = 64 * 1024;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final IntentService intents;
    private final KeystoneTokens tokens;

    public KeystoneRoutes(IntentService intents, KeystoneTokens tokens) {
        this.intents = intents;
        this.tokens = tokens;
    }

    public void register(Javalin app) {
        app.get(BASE, ctx -> ctx.status(300).json(versions(ctx)));
        app.get(V3, ctx -> ctx.json(F.objectNode().set("version", version(ctx))));
        app.post(V3 + "/auth/tokens", this::authenticate);
        app.get(V3 + "/auth/tokens", ctx -> ctx.json(tokenBody(ctx, subject(ctx))));
        app.head(V3 + "/auth/tokens", ctx -> {
            subject(ctx);
            ctx.status(200);
        });
        app.delete(V3 + "/auth/tokens", ctx -> {
            caller(ctx);
            String subject = ctx.header("X-Subject-Token");
            if (subject == null || !tokens.revoke(subject)) {
                throw new ApiException(404, "not_found", "the token in X-Subject-Token is not a live token", null);
            }
            ctx.status(204);
        });
        app.get(V3 + "/auth/catalog", ctx -> ctx.json(F.objectNode().set("catalog", KeystoneCatalog.catalog(ctx))));
        KeystoneCatalog.register(app, V3, this::caller);
        app.get(V3 + "/auth/projects", ctx -> ctx.json(projects(ctx, caller(ctx), Optional.empty())));
        app.get(V3 + "/projects", ctx -> ctx.json(projects(ctx, caller(ctx),
                Optional.ofNullable(ctx.queryParam("name")))));
        app.get(V3 + "/projects/{id}", ctx -> {
            KeystoneTokens.Session s = caller(ctx);
            KeystoneTokens.Scope scope;
            try {
                scope = scopeOf(s.actor(), ctx.pathParam("id"), null);
            } catch (ApiException e) {
                throw new ApiException(404, "not_found", "Could not find project: " + ctx.pathParam("id") + ".", null);
            }
            ctx.json(F.objectNode().set("project", project(ctx, scope)));
        });
        app.get(V3 + "/users", ctx -> {
            KeystoneTokens.Session s = caller(ctx);
            ObjectNode user = user(ctx, s);
            String name = ctx.queryParam("name");
            ObjectNode out = F.objectNode();
            ArrayNode users = out.putArray("users");
            if (name == null || name.equals(user.get("name").asText())) {
                users.add(user);
            }
            out.putObject("links").put("self", base(ctx) + ctx.path()).putNull("next").putNull("previous");
            ctx.json(out);
        });
        app.get(V3 + "/users/{id}", ctx -> {
            KeystoneTokens.Session s = caller(ctx);
            ObjectNode user = user(ctx, s);
            if (!user.get("id").asText().equals(ctx.pathParam("id"))) {
                throw new ApiException(404, "not_found", "Could not find user: " + ctx.pathParam("id") + ".", null);
            }
            ctx.json(F.objectNode().set("user", user));
        });
    }

    /** The URL of Keystone v3 as the client reached it. */
    static String url(Context ctx) {
        return base(ctx) + V3;
    }

    /** Scheme, host and port as the client reached the API: the catalog's endpoints use them. */
    static String base(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }

    // ------------------------------------------------------------------ POST /v3/auth/tokens

    private void authenticate(Context ctx) {
        JsonNode body = JsonBodies.read(ctx, MAX_BODY, "{\"auth\": {\"identity\": {...}}}", null);
        JsonNode auth = body.path("auth");
        JsonNode identity = auth.path("identity");
        JsonNode methods = identity.path("methods");
        if (!methods.isArray() || methods.size() != 1) {
            throw ApiException.badRequest("auth.identity.methods must name one method: token or password",
                    "auth.identity.methods");
        }
        String method = methods.get(0).asText();
        String secret;
        Actor actor;
        switch (method) {
            case "token" -> {
                String given = text(identity.path("token").path("id"), "auth.identity.token.id");
                Optional<KeystoneTokens.Session> rescoped = tokens.find(given);
                secret = rescoped.map(KeystoneTokens.Session::secret).orElse(given);
                actor = skylane(secret);
            }
            case "password" -> {
                JsonNode user = identity.path("password").path("user");
                secret = text(user.path("password"), "auth.identity.password.user.password");
                actor = skylane(secret);
                checkUser(actor, user);
            }
            default -> throw unauthorized("unsupported authentication method: " + method);
        }
        KeystoneTokens.Scope scope = scope(actor, auth.path("scope"));
        KeystoneTokens.Issued issued = tokens.issue(actor, secret, scope, method);
        ctx.status(201).header("X-Subject-Token", issued.token()).json(tokenBody(ctx, issued.session()));
    }

    private Actor skylane(String secret) {
        try {
            return intents.authenticate(secret);
        } catch (IntentException e) {
            throw unauthorized("The request you have made requires authentication.");
        }
    }

    /** The password method's user must be the token's: the tenant (name or id), or admin. */
    private void checkUser(Actor actor, JsonNode user) {
        String id = user.path("id").asText(null);
        String name = user.path("name").asText(null);
        if (id == null && name == null) {
            throw ApiException.badRequest("auth.identity.password.user needs an id or a name",
                    "auth.identity.password.user");
        }
        if (actor.admin()) {
            if (!ADMIN_USER.equals(id != null ? id : name)) {
                throw unauthorized("The admin token is the password of the user admin.");
            }
            return;
        }
        Resource tenant = intents.get(ResourceType.TENANT, actor, actor.tenantId());
        boolean matches = id != null ? id.equals(tenant.id().toString())
                : name.equals(tenant.meta().name()) || name.equals(tenant.id().toString());
        if (!matches) {
            throw unauthorized("The password is a token of another tenant than the user's.");
        }
    }

    private KeystoneTokens.Scope scope(Actor actor, JsonNode scope) {
        if (scope.isMissingNode() || scope.isNull()) {
            return actor.admin() ? KeystoneTokens.Scope.admin() : tenantScope(actor, actor.tenantId());
        }
        JsonNode project = scope.path("project");
        if (!scope.isObject() || project.isMissingNode() || scope.size() != 1) {
            throw unauthorized("Skylane scopes tokens to projects only (a project is a tenant); "
                    + "domain and system scopes are not supported");
        }
        return scopeOf(actor, project.path("id").asText(null), project.path("name").asText(null));
    }

    /** The project a client names (by id, else by name) as a scope the actor may hold; else 401/404. */
    private KeystoneTokens.Scope scopeOf(Actor actor, String id, String name) {
        if (id != null) {
            if (actor.admin() && id.equals(KeystoneTokens.Scope.ADMIN_PROJECT)) {
                return KeystoneTokens.Scope.admin();
            }
            UUID tenant = uuid(id).orElseThrow(() -> noProject(id));
            return tenantScope(actor, tenant);
        }
        if (name == null) {
            throw ApiException.badRequest("scope.project needs an id or a name", "auth.scope.project");
        }
        if (actor.admin() && name.equals(KeystoneTokens.Scope.ADMIN_PROJECT)) {
            return KeystoneTokens.Scope.admin();
        }
        List<Resource> named = new ArrayList<>();
        for (Resource t : intents.list(ResourceType.TENANT, actor, new ListQuery(Map.of("name", List.of(name)),
                IntentService.MAX_LIMIT, null)).items()) {
            named.add(t);
        }
        if (named.size() != 1) {
            throw named.isEmpty() ? noProject(name)
                    : unauthorized("More than one project is named " + name + "; scope by id");
        }
        return tenantScope(actor, named.get(0).id());
    }

    private KeystoneTokens.Scope tenantScope(Actor actor, UUID tenant) {
        try {
            Resource t = intents.get(ResourceType.TENANT, actor, tenant);
            return KeystoneTokens.Scope.tenant(t.id(), t.meta().name());
        } catch (IntentException e) {
            throw noProject(tenant.toString());
        }
    }

    // ------------------------------------------------------------------ validation and look-ups

    /** The session of the caller's {@code X-Auth-Token}; 401 without a live one. */
    KeystoneTokens.Session caller(Context ctx) {
        return tokens.find(ctx.header("X-Auth-Token"))
                .orElseThrow(() -> unauthorized("The request you have made requires authentication."));
    }

    private KeystoneTokens.Session subject(Context ctx) {
        KeystoneTokens.Session caller = caller(ctx);
        String subject = ctx.header("X-Subject-Token");
        KeystoneTokens.Session s = subject == null ? null : tokens.find(subject).orElse(null);
        if (s == null || !(caller.actor().admin() || caller.secret().equals(s.secret()))) {
            throw new ApiException(404, "not_found", "Could not find token: the token in X-Subject-Token", null);
        }
        return s;
    }

    private ObjectNode projects(Context ctx, KeystoneTokens.Session s, Optional<String> name) {
        ObjectNode out = F.objectNode();
        ArrayNode list = out.putArray("projects");
        if (s.actor().admin()) {
            if (name.isEmpty() || name.get().equals(KeystoneTokens.Scope.ADMIN_PROJECT)) {
                list.add(project(ctx, KeystoneTokens.Scope.admin()));
            }
        }
        Map<String, List<String>> filter = name.map(n -> Map.of("name", List.of(n))).orElse(Map.of());
        UUID marker = null;
        do {
            IntentService.Page page = intents.list(ResourceType.TENANT, s.actor(),
                    new ListQuery(filter, IntentService.MAX_LIMIT, marker));
            page.items().forEach(t -> list.add(project(ctx, KeystoneTokens.Scope.tenant(t.id(), t.meta().name()))));
            marker = page.next();
        } while (marker != null);
        out.putObject("links").put("self", base(ctx) + ctx.path()).putNull("next").putNull("previous");
        return out;
    }

    private static ObjectNode project(Context ctx, KeystoneTokens.Scope scope) {
        ObjectNode p = F.objectNode();
        p.put("id", scope.projectId()).put("name", scope.projectName()).put("domain_id", DOMAIN)
                .put("description", "").put("enabled", true).put("is_domain", false).put("parent_id", DOMAIN);
        p.putArray("tags");
        p.putObject("links").put("self", url(ctx) + "/projects/" + scope.projectId());
        return p;
    }

    /** The one user a token knows: itself (a tenant's user, named and numbered as the tenant, or admin). */
    private ObjectNode user(Context ctx, KeystoneTokens.Session s) {
        ObjectNode u = F.objectNode();
        if (s.actor().admin()) {
            u.put("id", ADMIN_USER).put("name", ADMIN_USER);
        } else {
            Resource t = intents.get(ResourceType.TENANT, s.actor(), s.actor().tenantId());
            u.put("id", t.id().toString()).put("name", t.meta().name());
        }
        u.putObject("domain").put("id", DOMAIN).put("name", "Default");
        u.put("domain_id", DOMAIN).put("enabled", true).putNull("password_expires_at");
        u.putObject("links").put("self", url(ctx) + "/users/" + u.get("id").asText());
        return u;
    }

    // ------------------------------------------------------------------ bodies

    private ObjectNode tokenBody(Context ctx, KeystoneTokens.Session s) {
        ObjectNode t = F.objectNode();
        t.putArray("methods").add(s.method());
        t.set("user", user(ctx, s));
        t.putArray("audit_ids").add(s.auditId());
        t.put("expires_at", time(s.expiresAt())).put("issued_at", time(s.issuedAt()));
        ObjectNode p = t.putObject("project");
        p.put("id", s.scope().projectId()).put("name", s.scope().projectName());
        p.putObject("domain").put("id", DOMAIN).put("name", "Default");
        t.put("is_domain", false);
        ArrayNode roles = t.putArray("roles");
        List<String> names = s.actor().admin() ? List.of("admin", "member", "reader") : List.of("member", "reader");
        names.forEach(n -> roles.addObject().put("id", n).put("name", n));
        t.set("catalog", KeystoneCatalog.catalog(ctx));
        return (ObjectNode) F.objectNode().set("token", t);
    }

    private static ObjectNode versions(Context ctx) {
        ObjectNode out = F.objectNode();
        out.putObject("versions").putArray("values").add(version(ctx));
        return out;
    }

    private static ObjectNode version(Context ctx) {
        ObjectNode v = F.objectNode();
        v.put("id", "v3.14").put("status", "stable").put("updated", "2020-04-07T00:00:00Z");
        v.putArray("links").addObject().put("rel", "self").put("href", url(ctx) + "/");
        v.putArray("media-types").addObject().put("base", "application/json")
                .put("type", "application/vnd.openstack.identity-v3+json");
        return v;
    }

    private static String time(Instant t) {
        return TIME.format(t);
    }

    private static String text(JsonNode v, String field) {
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw ApiException.badRequest(field + " must be a non-empty string", field);
        }
        return v.asText();
    }

    private static Optional<UUID> uuid(String s) {
        try {
            UUID u = UUID.fromString(s);
            return u.toString().equals(s.toLowerCase(java.util.Locale.ROOT)) ? Optional.of(u) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message, null);
    }

    private static ApiException noProject(String id) {
        return unauthorized("Could not find project " + id + " among the projects this token may use.");
    }
}

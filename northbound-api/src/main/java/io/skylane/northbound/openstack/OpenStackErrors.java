package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Errors in the format of the API a request was made to, as the OpenStack clients parse them:
 * Keystone's {@code {"error": {"code", "title", "message"}}} under {@code /identity}, Neutron's
 * {@code {"NeutronError": {"type", "message", "detail"}}} under {@code /networking}, Octavia's
 * {@code {"faultcode", "faultstring", "debuginfo"}} under {@code /load-balancer}. The message
 * names the field to blame, in the API's own terms.
 */
public final class OpenStackErrors {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static final Map<Integer, String> TITLES = Map.of(400, "Bad Request", 401, "Unauthorized",
            403, "Forbidden", 404, "Not Found", 405, "Method Not Allowed", 409, "Conflict",
            412, "Precondition Failed", 413, "Request Entity Too Large", 415, "Unsupported Media Type",
            503, "Service Unavailable");

    private OpenStackErrors() {
    }

    /** True for a path of one of the OpenStack APIs. */
    public static boolean handles(String path) {
        return under(path, KeystoneRoutes.BASE) || under(path, NeutronRoutes.BASE) || under(path, OctaviaRoutes.BASE);
    }

    private static boolean under(String path, String base) {
        return path.equals(base) || path.startsWith(base + "/");
    }

    /**
     * Writes the error in the format of the request's API; false (nothing written) for a path
     * outside them.
     *
     * @param type  Skylane's error type ({@code bad_request}, {@code not_found}, ...)
     * @param field the request field to blame, Skylane's name, or null
     */
    public static boolean render(Context ctx, int status, String type, String message, String field) {
        String path = ctx.path();
        if (under(path, KeystoneRoutes.BASE)) {
            if (status == 401) {
                ctx.header("WWW-Authenticate", "Keystone uri=\"" + KeystoneRoutes.url(ctx) + "\"");
            }
            ObjectNode out = F.objectNode();
            out.putObject("error").put("code", status).put("title", title(status)).put("message", message);
            ctx.status(status).json(out);
            return true;
        }
        if (under(path, NeutronRoutes.BASE)) {
            ObjectNode out = F.objectNode();
            out.putObject("NeutronError").put("type", neutronType(status, type)).put("message",
                    NeutronNames.message(status, message, field)).put("detail", "");
            ctx.status(status).json(out);
            return true;
        }
        if (under(path, OctaviaRoutes.BASE)) {
            ObjectNode out = F.objectNode();
            out.put("faultcode", status < 500 ? "Client" : "Server").put("faultstring", message).putNull("debuginfo");
            ctx.status(status).json(out);
            return true;
        }
        return false;
    }

    /** True for a body one of these formats wrote (a 404 a handler already answered is kept). */
    public static boolean isError(String body) {
        return body != null && (body.startsWith("{\"error\"") || body.startsWith("{\"NeutronError\"")
                || body.startsWith("{\"faultcode\""));
    }

    static String title(int status) {
        return TITLES.getOrDefault(status, status >= 500 ? "Internal Server Error" : "Error");
    }

    private static String neutronType(int status, String type) {
        return switch (status) {
            case 400 -> "HTTPBadRequest";
            case 401 -> "HTTPUnauthorized";
            case 403 -> "HTTPForbidden";
            case 404 -> "HTTPNotFound";
            case 405 -> "HTTPMethodNotAllowed";
            case 409 -> "Conflict";
            case 412 -> "RevisionNumberConstraintFailed";
            case 503 -> "ServiceUnavailable";
            default -> status >= 500 ? "HTTPInternalServerError" : "HTTPError";
        };
    }
}

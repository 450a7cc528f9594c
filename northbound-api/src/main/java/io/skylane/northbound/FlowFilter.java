package io.skylane.northbound;

import io.javalin.http.Context;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.pipeline.SkylanePipeline;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The filters of a device's flow listing, {@code GET /v1/devices/{dpid}/flows?table=&app=}: the rules
 * of one table, of one app, or both. They apply alike to the desired rules and to the switch's table.
 *
 * @param table the table, 0..254; empty: every table
 * @param app   the app id the rule's cookie carries (0: none of the controller's apps); empty: every app
 */
record FlowFilter(Optional<Integer> table, Optional<Integer> app) {

    /** The query parameters of the filter. */
    static final Set<String> PARAMS = Set.of("table", "app");

    /** The apps whose rules the controller writes (the pipeline registry's), named as {@code ?app=} takes them. */
    static final List<AppId> APPS = List.copyOf(SkylanePipeline.registry().apps().values());

    private static final int MAX_APP_ID = 0xffff;

    /** The filter the request's {@code table} and {@code app} parameters ask for (400 naming a bad one). */
    static FlowFilter of(Context ctx) {
        return new FlowFilter(QueryInput.integer(ctx, "table", 0, 254),
                QueryInput.param(ctx, "app").map(FlowFilter::appId));
    }

    /** An app id 0..65535, or the name of one of {@link #APPS}. */
    static int appId(String text) {
        if (text.matches("[0-9]{1,5}") && Integer.parseInt(text) <= MAX_APP_ID) {
            return Integer.parseInt(text);
        }
        return APPS.stream().filter(a -> a.name().equals(text)).findFirst().map(AppId::id)
                .orElseThrow(() -> ApiException.badRequest("app must be an app id 0.." + MAX_APP_ID + " or one of "
                        + String.join(", ", APPS.stream().map(AppId::name).toList()) + ", got " + text, "app"));
    }

    boolean test(FlowRule r) {
        return table.map(t -> t == r.tableId()).orElse(true)
                && app.map(a -> a == AppId.idOf(r.cookie())).orElse(true);
    }
}

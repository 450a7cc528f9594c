package io.skylane.core.flow;

import io.skylane.core.event.Event;
import io.skylane.core.net.DeviceId;
import io.skylane.core.southbound.SwitchError;
import java.time.Instant;
import java.util.Optional;

/** Something the flow rule service saw happen on a switch. The subject is the device. */
public final class FlowRuleEvent extends Event<FlowRuleEvent.Type, DeviceId> {

    public enum Type {
        /** The switch refused a rule (see {@link #error()}). */
        RULE_FAILED,
        /** The switch removed a rule by itself (timeout) and told us. */
        RULE_REMOVED,
        /** A batch of desired changes was confirmed by a barrier. */
        BATCH_CONFIRMED,
        /** The switch's table was read and reconciled with the desired state (see {@link #audit()}). */
        AUDIT_COMPLETED
    }

    private final FlowRule rule;
    private final SwitchError error;
    private final AuditReport audit;

    private FlowRuleEvent(Type type, DeviceId device, FlowRule rule, SwitchError error, AuditReport audit,
                          Instant time) {
        super(type, device, time);
        this.rule = rule;
        this.error = error;
        this.audit = audit;
    }

    public static FlowRuleEvent failed(FlowRule rule, SwitchError error, Instant time) {
        return new FlowRuleEvent(Type.RULE_FAILED, rule.deviceId(), rule, error, null, time);
    }

    public static FlowRuleEvent removed(FlowRule rule, Instant time) {
        return new FlowRuleEvent(Type.RULE_REMOVED, rule.deviceId(), rule, null, null, time);
    }

    public static FlowRuleEvent confirmed(DeviceId device, Instant time) {
        return new FlowRuleEvent(Type.BATCH_CONFIRMED, device, null, null, null, time);
    }

    public static FlowRuleEvent audited(AuditReport report, Instant time) {
        return new FlowRuleEvent(Type.AUDIT_COMPLETED, report.deviceId(), null, null, report, time);
    }

    public Optional<FlowRule> rule() {
        return Optional.ofNullable(rule);
    }

    public Optional<SwitchError> error() {
        return Optional.ofNullable(error);
    }

    public Optional<AuditReport> audit() {
        return Optional.ofNullable(audit);
    }
}

package io.skylane.core.testing;

import io.skylane.core.southbound.SouthboundService;
import io.skylane.core.southbound.SouthboundStatus;
import java.util.List;
import java.util.Map;

/** A {@link SouthboundService} that listens nowhere and has no connection. Override what a test needs. */
public class SouthboundServiceAdapter implements SouthboundService {

    @Override
    public SouthboundStatus status() {
        return new SouthboundStatus(List.of(), 0, 0, Map.of());
    }
}

package io.skylane.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PortClaimsTest {

    private final PortClaims claims = new PortClaims();
    private final AtomicInteger told = new AtomicInteger();

    private static ConnectPoint cp(long d, long p) {
        return ConnectPoint.of(DeviceId.of(d), PortNumber.of(p));
    }

    @Test
    void updatesAddAndRemoveAnOwnersPortsAndListenersHearOnlyRealChanges() {
        claims.addListener(told::incrementAndGet);
        claims.claim("vpc", Set.of(cp(1, 1), cp(1, 2)));
        assertEquals(1, told.get());

        claims.update("vpc", List.of(cp(1, 3)), List.of(cp(1, 1)));
        assertEquals(Set.of(cp(1, 2), cp(1, 3)), Set.copyOf(claims.claimed()));
        assertEquals(2, told.get());

        claims.update("vpc", List.of(cp(1, 3)), List.of(cp(9, 9)));
        assertEquals(2, told.get(), "nothing changed: the port was claimed, the other never was");

        claims.claim("lb", Set.of(cp(1, 2)));
        assertEquals(2, told.get(), "claimed by two owners: the set of claimed ports is the same");
        claims.update("vpc", List.of(), List.of(cp(1, 2)));
        assertTrue(claims.isClaimed(cp(1, 2)), "still the other owner's");
        assertEquals(2, told.get());

        claims.claim("lb", Set.of());
        assertFalse(claims.isClaimed(cp(1, 2)));
        assertEquals(3, told.get());
        claims.claim("vpc", Set.of());
        assertTrue(claims.claimed().isEmpty());
        assertEquals(4, told.get());
    }
}

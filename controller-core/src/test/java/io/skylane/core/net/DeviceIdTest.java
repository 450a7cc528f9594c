package io.skylane.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceIdTest {

    @Test
    void isWrittenAsSixteenLowerCaseHexDigits() {
        assertEquals("00000000000000d1", DeviceId.of(0xd1).toString());
        assertEquals("ffffffffffffffff", DeviceId.of(-1).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"00000000000000d1", "d1", "D1", "00:00:00:00:00:00:00:d1", "of:00000000000000d1",
        " d1 "})
    void parsesTheUsualSpellings(String text) {
        assertEquals(DeviceId.of(0xd1), DeviceId.parse(text));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "of:", "xyz", "00000000000000d1f", "-1", "0x10"})
    void rejectsWhatIsNotADatapathId(String text) {
        assertThrows(IllegalArgumentException.class, () -> DeviceId.parse(text));
    }

    @Test
    void parsesItsOwnOutputAndTheFullRange() {
        DeviceId big = DeviceId.of(0x8000000000000001L);
        assertEquals(big, DeviceId.parse(big.toString()));
    }

    @Test
    void comparesUnsigned() {
        assertTrue(DeviceId.of(1).compareTo(DeviceId.of(0x8000000000000000L)) < 0);
    }
}

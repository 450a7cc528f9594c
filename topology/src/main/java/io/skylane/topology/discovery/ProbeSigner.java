package io.skylane.topology.discovery;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.hash.HashCode;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the probes this controller sends and checks the ones that come back: an HMAC-SHA256 with
 * a secret only this controller knows, over (datapath id, port, controller id, timestamp). A host
 * that sends LLDP cannot make a link appear, and a probe captured and replayed later is refused
 * once it is older than the allowed age. Thread-safe: each thread gets its own {@link Mac}
 * (and input buffer).
 */
public final class ProbeSigner {

    /** Why a probe was accepted or refused. */
    public enum Verdict {
        /** Sent by this controller, recently. */
        VALID,
        /** Carries another controller's id. */
        OTHER_CONTROLLER,
        /** The signature does not match: forged or altered. */
        BAD_SIGNATURE,
        /** Signed by this controller, but too long ago (a replay) or in the future. */
        STALE
    }

    /** Shortest secret accepted, in bytes. */
    public static final int MIN_SECRET_LENGTH = 16;

    private static final String ALGORITHM = "HmacSHA256";
    /** Keeps these signatures apart from any other use of the same secret. */
    private static final byte[] DOMAIN = "skylane-lldp-probe-v1".getBytes(StandardCharsets.US_ASCII);

    private final long controllerId;
    private final SecretKeySpec key;
    private final ThreadLocal<Signing> signing;

    /**
     * @param controllerId this controller's id, carried in every probe
     * @param secret       at least {@link #MIN_SECRET_LENGTH} bytes; copied
     */
    public ProbeSigner(long controllerId, byte[] secret) {
        checkNotNull(secret, "secret");
        checkArgument(secret.length >= MIN_SECRET_LENGTH, "secret must be at least 16 bytes");
        this.controllerId = controllerId;
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.signing = ThreadLocal.withInitial(Signing::new);
        newMac(); // fail here, not on the first packet, if the platform lacks HMAC-SHA256
    }

    /** 32 random bytes from a {@link SecureRandom}. */
    public static byte[] randomSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /** A random controller id. */
    public static long randomControllerId() {
        return new SecureRandom().nextLong();
    }

    public long controllerId() {
        return controllerId;
    }

    /** A probe for {@code device/port} sent at {@code time} (kept to the millisecond), signed. */
    public LldpProbe sign(DeviceId device, PortNumber port, Instant time) {
        Instant t = time.truncatedTo(ChronoUnit.MILLIS);
        return new LldpProbe(device, port, controllerId, t, HashCode.fromBytes(mac(device, port, controllerId, t)));
    }

    /**
     * Checks a probe that came back at {@code now}: it must carry this controller's id and a
     * valid signature, and be at most {@code maxAge} old (nor more than {@code maxAge} ahead, which
     * only a clock set back can cause).
     */
    public Verdict verify(LldpProbe probe, Instant now, Duration maxAge) {
        checkNotNull(probe, "probe");
        if (probe.controllerId() != controllerId) {
            return Verdict.OTHER_CONTROLLER;
        }
        byte[] expected = mac(probe.device(), probe.port(), probe.controllerId(), probe.time());
        if (!MessageDigest.isEqual(expected, probe.signature().asBytes())) {
            return Verdict.BAD_SIGNATURE;
        }
        // between(now, t) is exactly the negated age, without negated()'s BigDecimal (per probe, on the I/O threads)
        if (Duration.between(probe.time(), now).compareTo(maxAge) > 0
                || Duration.between(now, probe.time()).compareTo(maxAge) > 0) {
            return Verdict.STALE;
        }
        return Verdict.VALID;
    }

    /**
     * Writes the signature of a probe for {@code device/port} sent at {@code timeMillis} into
     * {@code out} at {@code offset} ({@link LldpProbe#SIGNATURE_LENGTH} bytes): the same bytes as
     * {@link #sign}'s, without the objects.
     */
    void signInto(DeviceId device, PortNumber port, long timeMillis, byte[] out, int offset) {
        Signing s = signing.get();
        try {
            s.mac.update(s.input(device, port, controllerId, timeMillis));
            s.mac.doFinal(out, offset);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("no room for a signature at " + offset, e);
        }
    }

    private byte[] mac(DeviceId device, PortNumber port, long controller, Instant time) {
        Signing s = signing.get();
        return s.mac.doFinal(s.input(device, port, controller, time.toEpochMilli()));
    }

    /** One thread's {@link Mac} and the buffer its input is written into (the domain prefix stays). */
    private final class Signing {
        final Mac mac = newMac();
        final byte[] input = Arrays.copyOf(DOMAIN, DOMAIN.length + 28);

        byte[] input(DeviceId device, PortNumber port, long controller, long timeMillis) {
            int o = DOMAIN.length;
            putLong(input, o, device.dpid());
            putInt(input, o + 8, (int) port.value());
            putLong(input, o + 12, controller);
            putLong(input, o + 20, timeMillis);
            return input;
        }
    }

    private static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) (v >>> 32));
        putInt(b, off + 4, (int) v);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance(ALGORITHM);
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "ProbeSigner{controller=" + Long.toHexString(controllerId) + "}";
    }
}

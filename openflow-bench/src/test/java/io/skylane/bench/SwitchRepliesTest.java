package io.skylane.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The replies the emulator writes by hand are byte for byte what openflowj writes. */
class SwitchRepliesTest {

    private static SwitchSpec spec(int version) {
        return new SwitchSpec(1, 0, version, 256, 254, 32, 1, 1, 1, true, true, 1, 1, 1, 0);
    }

    @Test
    void aCablePacketInWrittenByHandIsOpenflowjs() {
        Random r = new Random(32);
        for (int version : new int[] {Wire.OF10, Wire.OF13}) {
            SwitchSpec s = spec(version);
            for (int length : new int[] {0, 1, 60, 97, 123, 1514}) {
                byte[] frame = new byte[length];
                r.nextBytes(frame);
                for (int port : new int[] {1, 17, 32}) {
                    long xid = r.nextInt() & 0xffffffffL;
                    ByteBuf out = Unpooled.buffer();
                    out.writeByte(0x5a); // after something else in the buffer
                    SwitchReplies.writeCablePacketIn(s, xid, port, frame, out);
                    out.skipBytes(1);
                    assertArrayEquals(SwitchReplies.bytes(SwitchReplies.cablePacketIn(s, xid, port, frame)),
                            ByteBufUtil.getBytes(out), "version " + version + ", " + length + " bytes, port " + port);
                    out.release();
                }
            }
        }
    }
}

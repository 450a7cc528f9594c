package io.skylane.lb.frames;

/**
 * Frames pinned byte for byte: router MAC 0e:5c:01:00:00:64 and VIP 10.0.0.100 to the member
 * 0e:5c:00:00:00:21 at 10.0.0.21. They were read back by tcpdump 4.99 ({@code tcpdump -vv -nn -r}
 * on a pcap of them), which found every checksum correct.
 */
public final class GoldenFrames {

    /** tcpdump: {@code 10.0.0.100.65300 > 10.0.0.21.8080: Flags [S], cksum 0x1928 (correct), seq 305419896, win 64240}. */
    public static final String SYN = "0e5c00000021" + "0e5c01000064" + "0800"
            + "450000280000000040066658" + "0a000064" + "0a000015"
            + "ff141f90" + "12345678" + "00000000" + "5002faf0" + "19280000" + "000000000000";
    /** tcpdump: {@code 10.0.0.100.65301 > 10.0.0.21.53: [udp sum ok]}. */
    public static final String UDP = "0e5c00000021" + "0e5c01000064" + "0800"
            + "450000240000000040116651" + "0a000064" + "0a000015"
            + "ff1500350010486b" + "534b4c4e01020304" + "00000000000000000000";
    /** tcpdump: {@code 10.0.0.100 > 10.0.0.21: ICMP echo request, id 65300, seq 7, length 16} (no checksum complaint). */
    public static final String ECHO = "0e5c00000021" + "0e5c01000064" + "0800"
            + "450000240000000040016661" + "0a000064" + "0a000015"
            + "0800459dff140007" + "736b796c616e6500" + "00000000000000000000";

    private GoldenFrames() {
    }
}

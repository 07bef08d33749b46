package org.guardian.orchestrator.scheduler;

import java.util.List;

/**
 * One comparison of this node's clock with the database's, and what it means.
 *
 * @param offsetMillis  this node's clock minus the database's (positive: ahead)
 * @param peers         live peers that compared their clocks lately
 * @param peersInStep   those of them within the limit of the database's clock
 * @param standingDown  off, while most peers agree with the database: this node must not fire
 */
public record ClockReading(long offsetMillis, long roundTripMillis, long limitMillis, int peers, int peersInStep,
                           boolean standingDown) {

    static ClockReading judge(long offsetMillis, long roundTripMillis, List<Long> peerOffsets, long limitMillis) {
        int inStep = (int) peerOffsets.stream().filter(offset -> Math.abs(offset) <= limitMillis).count();
        boolean off = Math.abs(offsetMillis) > limitMillis;
        return new ClockReading(offsetMillis, roundTripMillis, limitMillis, peerOffsets.size(), inStep,
                off && 2 * inStep > peerOffsets.size());
    }

    public boolean isOff() {
        return Math.abs(offsetMillis) > limitMillis;
    }

    public String describe() {
        String offset = "this node's clock is " + Math.abs(offsetMillis) + " ms " + (offsetMillis >= 0 ? "ahead of"
                : "behind") + " the database's";
        if (!isOff()) {
            return offset + ", within the limit of " + limitMillis + " ms";
        }
        String peersSay = peersInStep + " of " + peers + " live peer(s) within " + limitMillis + " ms of it";
        if (standingDown) {
            return offset + " (" + peersSay + "): it fires nothing until its clock is back within " + limitMillis
                    + " ms; check its time synchronisation (chrony, ntpd, systemd-timesyncd)";
        }
        return offset + ", over the limit of " + limitMillis + " ms, and it keeps firing (" + peersSay
                + "; the database's clock may be the wrong one): fires may start early or late, or be taken"
                + " for misfired; check the time synchronisation of this host and of the database's";
    }
}

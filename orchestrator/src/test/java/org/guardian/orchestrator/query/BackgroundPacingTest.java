package org.guardian.orchestrator.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class BackgroundPacingTest {
    private static final long MS = 1_000_000L;

    @Test
    void aChunkThatHadACoreToItselfIsFollowedAtOnce() {
        assertThat(BackgroundPacing.pause(100 * MS, 0)).isZero();
        assertThat(BackgroundPacing.pause(100 * MS, 4 * MS)).isZero();
    }

    @Test
    void aChunkThatWaitedForACoreIsFollowedByAsLongASleep() {
        assertThat(BackgroundPacing.pause(100 * MS, 6 * MS)).isEqualTo(100 * MS);
        assertThat(BackgroundPacing.pause(100 * MS, 60 * MS)).isEqualTo(100 * MS);
    }

    @Test
    void theWaitIsTheSecondFieldOfSchedstat(@TempDir Path dir) throws Exception {
        Path schedstat = Files.writeString(dir.resolve("schedstat"), "311237 4500 1\n");
        assertThat(BackgroundPacing.waitedForCores(schedstat)).hasValue(4500);
    }

    @Test
    void withoutSchedstatEveryChunkIsFollowedByAsLongASleep(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("none");
        assertThat(BackgroundPacing.waitedForCores(missing)).isEmpty();
        assertThat(BackgroundPacing.waitedForCores(Files.writeString(dir.resolve("odd"), "x"))).isEmpty();

        BackgroundPacing pacing = new BackgroundPacing(missing);
        long chunk = System.nanoTime();
        busyFor(50 * MS);
        long took = System.nanoTime() - chunk;
        pacing.chunkDone();
        assertThat(System.nanoTime() - chunk).isGreaterThanOrEqualTo(took + took / 2);
    }

    @Test
    void whenNothingWaitedForACoreTheNextChunkStartsAtOnce(@TempDir Path dir) throws Exception {
        BackgroundPacing pacing = new BackgroundPacing(Files.writeString(dir.resolve("schedstat"), "1000 2000 3"));
        long chunk = System.nanoTime();
        busyFor(300 * MS);
        long took = System.nanoTime() - chunk;
        pacing.chunkDone();
        assertThat(System.nanoTime() - chunk).isLessThan(took + 200 * MS);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void linuxCountsTheCallingThreadsWait() {
        OptionalLong waited = BackgroundPacing.waitedForCores(BackgroundPacing.SCHEDSTAT);
        assertThat(waited).isPresent();
        assertThat(waited.getAsLong()).isNotNegative();
    }

    private static void busyFor(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}

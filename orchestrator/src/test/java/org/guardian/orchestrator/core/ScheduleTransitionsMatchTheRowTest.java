package org.guardian.orchestrator.core;

import org.guardian.orchestrator.testing.ScheduleStates;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table of {@link ScheduleTransitions} lists exactly the changes the schedule's row allows:
 * every combination of its marks (and an attempt running or not), every event as its write applies
 * it, the state before and after as {@link ScheduleState#of} derives it.
 */
class ScheduleTransitionsMatchTheRowTest {

    /** The marks that decide a schedule's state (the cluster's pause aside). */
    private record Marks(boolean blocked, boolean enabled, boolean suppressed, boolean paused, boolean running) {
        ScheduleState state() {
            return ScheduleState.of(ScheduleStates.withMarks(blocked, enabled, suppressed, paused), running, false);
        }
    }

    /** An event as its write applies it: when it changes the row, and how. */
    private record Write(Predicate<Marks> applies, UnaryOperator<Marks> change) {
    }

    private record Change(ScheduleState from, ScheduleEvent event, ScheduleState to) {
    }

    @Test
    void theTableIsExactlyTheChangesTheRowAllows() {
        Set<Change> fromTheRow = new HashSet<>();
        Set<Change> fromTheTable = new HashSet<>();
        for (Marks marks : everyCombination()) {
            for (ScheduleEvent event : ScheduleEvent.values()) {
                Write write = write(event);
                if (write.applies().test(marks)) {
                    fromTheRow.add(new Change(marks.state(), event, write.change().apply(marks).state()));
                }
            }
        }
        for (ScheduleState from : ScheduleState.values()) {
            for (ScheduleEvent event : ScheduleEvent.values()) {
                ScheduleTransitions.targets(from, event).forEach(to -> fromTheTable.add(new Change(from, event, to)));
            }
        }
        assertThat(fromTheTable).containsExactlyInAnyOrderElementsOf(fromTheRow);
    }

    private static Write write(ScheduleEvent event) {
        return switch (event) {
            case PAUSE -> new Write(m -> true, m -> new Marks(m.blocked(), m.enabled(), m.suppressed(), true, m.running()));
            case RESUME -> new Write(m -> true, m -> new Marks(m.blocked(), m.enabled(), m.suppressed(), false, m.running()));
            case RESET -> new Write(m -> true, m -> new Marks(m.blocked(), m.enabled(), false, m.paused(), m.running()));
            case RUN_NOW -> new Write(m -> !m.blocked(), m -> new Marks(false, m.enabled(), m.suppressed(), m.paused(), true));
            case SUPPRESS -> new Write(m -> !m.suppressed(),
                    m -> new Marks(m.blocked(), m.enabled(), true, m.paused(), m.running()));
            case BLOCK -> new Write(m -> true, m -> new Marks(true, m.enabled(), m.suppressed(), m.paused(), m.running()));
            case UNBLOCK -> new Write(Marks::blocked,
                    m -> new Marks(false, m.enabled(), m.suppressed(), m.paused(), m.running()));
            case ENABLE -> new Write(m -> !m.enabled(),
                    m -> new Marks(m.blocked(), true, m.suppressed(), m.paused(), m.running()));
            case DISABLE -> new Write(Marks::enabled,
                    m -> new Marks(m.blocked(), false, m.suppressed(), m.paused(), m.running()));
        };
    }

    private static Set<Marks> everyCombination() {
        Set<Marks> all = new HashSet<>();
        for (int bits = 0; bits < 32; bits++) {
            all.add(new Marks((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0, (bits & 16) != 0));
        }
        return all;
    }
}

package org.guardian.orchestrator.core;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.guardian.orchestrator.core.ScheduleEvent.BLOCK;
import static org.guardian.orchestrator.core.ScheduleEvent.DISABLE;
import static org.guardian.orchestrator.core.ScheduleEvent.ENABLE;
import static org.guardian.orchestrator.core.ScheduleEvent.PAUSE;
import static org.guardian.orchestrator.core.ScheduleEvent.RESET;
import static org.guardian.orchestrator.core.ScheduleEvent.RESUME;
import static org.guardian.orchestrator.core.ScheduleEvent.RUN_NOW;
import static org.guardian.orchestrator.core.ScheduleEvent.SUPPRESS;
import static org.guardian.orchestrator.core.ScheduleEvent.UNBLOCK;
import static org.guardian.orchestrator.core.ScheduleState.BLOCKED;
import static org.guardian.orchestrator.core.ScheduleState.DISABLED;
import static org.guardian.orchestrator.core.ScheduleState.NORMAL;
import static org.guardian.orchestrator.core.ScheduleState.PAUSED;
import static org.guardian.orchestrator.core.ScheduleState.RUNNING;
import static org.guardian.orchestrator.core.ScheduleState.SUPPRESSED;

/**
 * A schedule's state machine, as data: for each event, the states it is allowed from and the
 * states it leads to; from a state not listed it is refused. The state shown is the strongest that
 * holds ({@link ScheduleState#of}), so an event whose change a stronger state hides "stays". The
 * code that changes a schedule checks here first; the database still settles races.
 */
public final class ScheduleTransitions {
    private static final List<Rule> RULES = List.of(
            moves(PAUSE, EnumSet.of(NORMAL), PAUSED),
            stays(PAUSE, PAUSED, RUNNING, SUPPRESSED, DISABLED, BLOCKED),
            moves(RESUME, EnumSet.of(PAUSED), NORMAL),
            stays(RESUME, NORMAL, RUNNING, SUPPRESSED, DISABLED, BLOCKED),
            moves(RESET, EnumSet.of(SUPPRESSED), NORMAL, PAUSED, RUNNING),
            stays(RESET, NORMAL, PAUSED, RUNNING, DISABLED, BLOCKED),
            moves(RUN_NOW, EnumSet.of(NORMAL, PAUSED), RUNNING),
            stays(RUN_NOW, RUNNING, SUPPRESSED, DISABLED),
            moves(SUPPRESS, EnumSet.of(NORMAL, PAUSED, RUNNING), SUPPRESSED),
            stays(SUPPRESS, DISABLED, BLOCKED),
            moves(BLOCK, EnumSet.of(NORMAL, PAUSED, RUNNING, SUPPRESSED, DISABLED), BLOCKED),
            stays(BLOCK, BLOCKED),
            moves(UNBLOCK, EnumSet.of(BLOCKED), NORMAL, PAUSED, RUNNING, SUPPRESSED, DISABLED),
            moves(ENABLE, EnumSet.of(DISABLED), NORMAL, PAUSED, RUNNING, SUPPRESSED),
            stays(ENABLE, BLOCKED),
            moves(DISABLE, EnumSet.of(NORMAL, PAUSED, RUNNING, SUPPRESSED), DISABLED),
            stays(DISABLE, BLOCKED));

    private static final Map<ScheduleEvent, Map<ScheduleState, Set<ScheduleState>>> TABLE = Map.copyOf(index(RULES));

    private ScheduleTransitions() {
    }

    public static boolean allows(ScheduleState from, ScheduleEvent event) {
        return TABLE.get(event).containsKey(from);
    }

    /** The states {@code event} can lead to from {@code from}; empty when it is not allowed. */
    public static Set<ScheduleState> targets(ScheduleState from, ScheduleEvent event) {
        return TABLE.get(event).getOrDefault(from, Set.of());
    }

    /**
     * Checks an event on the schedule as its row is ({@link ScheduleState#of(Schedule)}).
     *
     * @throws RefusedException (CONFLICT) naming the schedule's state, and why when it is BLOCKED
     */
    public static void require(Schedule schedule, ScheduleEvent event) {
        ScheduleState state = ScheduleState.of(schedule);
        if (!allows(state, event)) {
            String why = state == BLOCKED ? ": " + schedule.whyBlocked() : "";
            throw RefusedException.conflict("schedule " + schedule.name() + " is " + state + why + "; it cannot be "
                    + event.done());
        }
    }

    private record Rule(ScheduleEvent event, Set<ScheduleState> from, Set<ScheduleState> to) {
    }

    private static Rule moves(ScheduleEvent event, Set<ScheduleState> from, ScheduleState to, ScheduleState... more) {
        return new Rule(event, from, EnumSet.of(to, more));
    }

    /** From each of these states the event is allowed and leaves the state as it shows. */
    private static Rule stays(ScheduleEvent event, ScheduleState from, ScheduleState... more) {
        return new Rule(event, EnumSet.of(from, more), Set.of());
    }

    private static Map<ScheduleEvent, Map<ScheduleState, Set<ScheduleState>>> index(List<Rule> rules) {
        Map<ScheduleEvent, Map<ScheduleState, Set<ScheduleState>>> table = new EnumMap<>(ScheduleEvent.class);
        for (ScheduleEvent event : ScheduleEvent.values()) {
            table.put(event, new EnumMap<>(ScheduleState.class));
        }
        for (Rule rule : rules) {
            for (ScheduleState from : rule.from()) {
                Set<ScheduleState> to = rule.to().isEmpty() ? EnumSet.of(from) : rule.to();
                table.get(rule.event()).merge(from, Set.copyOf(to), (a, b) -> {
                    throw new IllegalStateException(rule.event() + " from " + from + " is listed twice");
                });
            }
        }
        table.replaceAll((event, byState) -> Map.copyOf(byState));
        return table;
    }
}

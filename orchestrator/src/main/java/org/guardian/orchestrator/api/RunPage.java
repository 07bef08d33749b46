package org.guardian.orchestrator.api;

import java.util.List;

/** A page of runs, newest first; pass {@code nextCursor} as {@code cursor} for the next page (null: no more). */
public record RunPage(List<RunView> runs, Long nextCursor) {
}

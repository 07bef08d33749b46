package org.guardian.orchestrator.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which version of the Guardian history the Guardian scripts of the single history reached. */
@Timeout(10)
class LegacyGuardianHistoryTest {

    @Test
    void theScriptsAppliedInOrderGiveTheirCount() {
        assertThat(LegacyGuardianHistory.reached(List.of("V10__guardian_core.sql", "V11__guardian_cache.sql",
                "V12__guardian_partitions.sql", "V13__guardian_monitoring.sql"))).isEqualTo("4");
        assertThat(LegacyGuardianHistory.reached(LegacyGuardianHistory.SCRIPTS)).isEqualTo("5");
    }

    @Test
    void aGapIsRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> LegacyGuardianHistory.reached(List.of("V10__guardian_core.sql",
                "V12__guardian_partitions.sql"))).hasMessageContaining("skip V11__guardian_cache.sql");
    }
}

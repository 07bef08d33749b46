package org.guardian.orchestrator.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A migration, once released, never changes: Flyway refuses to start on a database whose recorded
 * checksums no longer match the files. A new migration is added here with its SHA-256.
 */
@Timeout(60)
class AppliedMigrationsTest {
    private static final Map<String, String> RELEASED = Map.ofEntries(
            Map.entry("orchestrator/V1__quartz_tables.sql", "92cebb75c52477b1a7edebbd0bb1b0f90070bf8928c7c4a5e2df5636003fb9d3"),
            Map.entry("orchestrator/V2__orchestrator_schema.sql", "30869cfc3b284dcd6535443c68a6d88e5e2555931c3c945e442983af38c76bd7"),
            Map.entry("orchestrator/V3__default_schedules.sql", "50d7b07f740a6954dea7afbe018455da587a3ab9447d2b31a13782dbc95a4443"),
            Map.entry("orchestrator/V4__one_running_attempt_per_schedule.sql", "cd49a5a63fab680dd98ab990cfeb4da0b0cef93366c91014dbd11d5ea03b3f3f"),
            Map.entry("orchestrator/V14__quartz_lean_indexes.sql", "730982f7df63a833737bf8fddaf215eb6c294eb6bfbf516f5374d05973b00ee8"),
            Map.entry("orchestrator/V15__quartz_due_order_index.sql", "640d0ac312c4a660cfdcdb4984af502a1715ea5a5f1b342b243dbd6b5c859095"),
            Map.entry("orchestrator/V16__cluster_wide_full_reconcile.sql", "66952afcf4117ec631f803066e755069903e82ec586be3488d263f9b2726fc23"),
            Map.entry("orchestrator/V17__node_incarnations.sql", "15227db2f2e3437cb4769abe09a9be16456b6c324273ab349b77b1b29e95199a"),
            Map.entry("orchestrator/V18__notifications.sql", "105493c4c05b27e553edf7783af8749e54a25af2086c4a52e6258fccef4d2c4b"),
            Map.entry("orchestrator/V21__api_paging_indexes.sql", "557155f87ebc2bc12a8bcbdb34ba6a08f8edb9a82c8bb2b99fdc9d8b87f550a1"),
            Map.entry("orchestrator/V22__run_history_retention.sql", "c82226fa47ea57751e793ffca8cd873ee42c34847aa0ee973505a0cd31a9e8a0"),
            Map.entry("orchestrator/V23__schedule_edit_notifications.sql", "eec29aa007858645a6a59c3d229a5be625ac45ede6f7eeed46246cd81a4702f8"),
            Map.entry("orchestrator/V24__schedules_edited_since_a_pass.sql",
                    "c4ebdbde2229d14470670a856e728190c0a8acecdac5019f788707c055f5e0d7"),
            Map.entry("orchestrator/V25__full_pass_share.sql", "ce04fa88371233be39e8e6f37b5214a38b9ea966a8d41be2e0d0e50e37a2d307"),
            Map.entry("orchestrator/V26__node_clock_offsets.sql", "dda995e222288929e5c7c975e190db1b787d6d0e4ae7c4907dabe1ac2edd24fe"),
            Map.entry("guardian/V1__guardian_core.sql", "c0675a2db34acd41eae72270b7345b461e9ef8268dc7641fd6120e49fa38983c"),
            Map.entry("guardian/V2__guardian_cache.sql", "ef3a5ddf049be1ef1c3e58a9620b11b349abdb55da54712bce5dded7fa2eeef1"),
            Map.entry("guardian/V3__guardian_partitions.sql", "39628f3a83abfffdf8ff75df64ffbaec0ac3d86227763df57b2208893655cc57"),
            Map.entry("guardian/V4__guardian_monitoring.sql", "6da31111294e92699181b98749c162cdccf25bf3475326e2d055847c6c6a86af"),
            Map.entry("guardian/V5__partition_functions_run_as_owner.sql", "403ab3924bbe57276c9bf2772c18b6a126ece1c2741cbc3c4cf8e1f386c356ee"),
            Map.entry("guardian/V6__retire_audit_partition_without_stalling_writers.sql",
                    "747580e58d0ec623c462ef8319ad06b40e4139a6b0c298000b893de8323231e7"),
            Map.entry("guardian/V7__statistics_snapshots.sql", "304a0b7209d69f856109a3a90cc712815b44205df4842241b595e87347b3c7e0"),
            Map.entry("guardian/V8__materialized_view_refresh_queue.sql", "625422c0fe565c20eaaa96d3968c1ea4f1b4d0eec1aa349f53a8fe78bc2680ad"),
            Map.entry("orchestrator/V20__schedules_outside_the_table.sql", "f4960153967395eeb3c6357aeda12a58569f0183c35d1b76e7d96430a455cbbf"));

    @Test
    void everyReleasedMigrationKeepsItsBytes() throws IOException {
        Map<String, String> found = new TreeMap<>();
        Path sql = Path.of("..", "sql");
        try (Stream<Path> files = Files.walk(sql)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                found.put(sql.relativize(file).toString().replace('\\', '/'), sha256(Files.readAllBytes(file)));
            }
        }
        assertThat(found).containsAllEntriesOf(RELEASED);
        assertThat(found.keySet()).as("a migration not listed here: add it with its SHA-256 once released")
                .containsExactlyInAnyOrderElementsOf(RELEASED.keySet());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

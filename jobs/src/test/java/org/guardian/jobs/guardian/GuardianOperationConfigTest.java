package org.guardian.jobs.guardian;

import org.guardian.jobs.InvalidConfigException;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationConfig;
import org.guardian.jobs.OperationRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardianOperationConfigTest {
    /** The operation_config of each default schedule, as its migration (V3, default schedules) inserts it. */
    private static final Map<String, Map<String, ?>> SEED_CONFIGS = Map.ofEntries(
            Map.entry("process_cache_invalidation_queue", Map.of("batch_size", 100, "max_batch_time_seconds", 25)),
            Map.entry("check_performance_alerts", Map.of("enable_auto_responses", true)),
            Map.entry("refresh_orphan_detection", Map.of("refresh_materialized_views", true)),
            Map.entry("refresh_data_quality_metrics", Map.of("include_performance_stats", true)),
            Map.entry("cleanup_orphaned_data", Map.of("batch_size", 1000, "max_duration_minutes", 45)),
            Map.entry("maintain_database_indexes", Map.of("reindex_threshold_percent", 20)),
            Map.entry("partition_maintenance", Map.of("table_list", List.of("audit_log", "document_processing_stages"))),
            Map.entry("update_performance_baselines", Map.of("min_query_calls", 50)),
            Map.entry("audit_log_cleanup", Map.of("retention_years", 7, "archive_before_delete", true)),
            Map.entry("generate_monthly_reports", Map.of("include_performance_summary", true)),
            Map.entry("weekly_performance_benchmark", Map.of("run_full_benchmark_suite", true)),
            Map.entry("monitor_slow_queries", Map.of("min_calls", 5, "min_mean_time_ms", 1000, "limit", 20)),
            Map.entry("process_materialized_view_refresh_queue", Map.of()),
            Map.entry("check_connection_pool_health", Map.of()));

    private final OperationRegistry registry = OperationRegistry.load(false);

    @Test
    void registersEveryGuardianOperation() {
        assertThat(registry.all()).extracting(Operation::name).containsAll(SEED_CONFIGS.keySet());
    }

    @Test
    void acceptsTheSeedConfigurationOfEverySchedule() {
        SEED_CONFIGS.forEach((name, config) ->
                assertThat(OperationConfig.validate(registry.find(name).orElseThrow().configKeys(), config).asMap())
                        .as(name).containsAllEntriesOf(normalised(config)));
    }

    @Test
    void defaultsAreTheSeedValues() {
        SEED_CONFIGS.forEach((name, config) ->
                assertThat(OperationConfig.validate(registry.find(name).orElseThrow().configKeys(), Map.of()).asMap())
                        .as(name).containsAllEntriesOf(normalised(config)));
    }

    @Test
    void refusesUnknownKeys() {
        assertThatThrownBy(() -> OperationConfig.validate(new CleanupOrphanedData().configKeys(), Map.of("batch", 5)))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("config.batch: unknown key");
    }

    @Test
    void refusesABatchSizeOfZero() {
        assertThatThrownBy(() -> OperationConfig.validate(new ProcessCacheInvalidationQueue().configKeys(), Map.of("batch_size", 0)))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("config.batch_size: must be at least 1");
    }

    @Test
    void partitionMaintenanceAcceptsPremake() {
        assertThat(OperationConfig.validate(new PartitionMaintenance().configKeys(), Map.of("premake", 6)).getInt("premake"))
                .isEqualTo(6);
    }

    private static Map<String, Object> normalised(Map<String, ?> config) {
        Map<String, Object> values = new java.util.HashMap<>();
        config.forEach((k, v) -> values.put(k, v instanceof Integer i ? (Object) i.longValue() : v));
        values.computeIfPresent("reindex_threshold_percent", (k, v) -> ((Number) v).doubleValue());
        values.computeIfPresent("min_mean_time_ms", (k, v) -> ((Number) v).doubleValue());
        return values;
    }
}

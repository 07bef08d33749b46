package org.guardian.orchestrator.operations;

import org.guardian.jobs.OperationResult;
import org.guardian.jobs.guardian.MaintainDatabaseIndexes;
import org.guardian.orchestrator.testing.pg.NeedsServer;
import org.guardian.orchestrator.testing.pg.ServerNeed;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** maintain_database_indexes on the real pgstatindex, which only a superuser can install (the migration does). */
@NeedsServer(ServerNeed.SUPERUSER)
class GuardianIndexesIT {
    private final GuardianFixture fixture = new GuardianFixture();

    @Test
    void reindexesOnlyIndexesAboveTheBloatThresholdAndReportsSizes() throws Exception {
        bloatLabResultsPrimaryKey();

        OperationResult result = fixture.run(new MaintainDatabaseIndexes(), Map.of("reindex_threshold_percent", 20));

        List<?> reindexed = (List<?>) result.values().get("reindexed");
        Map<?, ?> pkey = reindexed.stream().map(r -> (Map<?, ?>) r)
                .filter(r -> r.get("index").equals("patient_lab_results_pkey")).findFirst().orElseThrow();
        assertThat((Long) pkey.get("size_after_bytes")).isLessThan((Long) pkey.get("size_before_bytes"));
        assertThat(fixture.count("SELECT avg_leaf_density FROM public.pgstatindex('public.patient_lab_results_pkey')"))
                .isGreaterThan(70);
    }

    @Test
    void reindexesNothingWhenNoIndexExceedsTheThreshold() throws Exception {
        bloatLabResultsPrimaryKey();

        OperationResult result = fixture.run(new MaintainDatabaseIndexes(), Map.of("reindex_threshold_percent", 100));

        assertThat(result.values()).containsEntry("pgstattuple", "present").containsEntry("indexes_reindexed", 0);
    }

    @Test
    void withoutPgstattupleMeasuresNothingAndSaysSo() throws Exception {
        fixture.withPatients(0);
        fixture.execute("DROP EXTENSION pgstattuple");
        try {
            OperationResult result = fixture.run(new MaintainDatabaseIndexes(), Map.of());

            assertThat(result.values()).containsEntry("pgstattuple", "absent").containsEntry("indexes_reindexed", 0);
        } finally {
            fixture.execute("CREATE EXTENSION pgstattuple SCHEMA public");
        }
    }

    /** 20,000 lab results, nine in ten deleted and vacuumed: the primary key's leaves are ~10% full. */
    private void bloatLabResultsPrimaryKey() {
        fixture.withPatients(1);
        fixture.execute("INSERT INTO public.patient_lab_results (patient_id, test_name)"
                + " SELECT (SELECT id FROM public.patients LIMIT 1), 'glucose' FROM generate_series(1, 20000)");
        fixture.execute("DELETE FROM public.patient_lab_results WHERE ctid IN"
                + " (SELECT ctid FROM (SELECT ctid, row_number() OVER (ORDER BY id) n FROM public.patient_lab_results) s WHERE n % 10 <> 0)");
        fixture.execute("VACUUM public.patient_lab_results");
    }
}

package org.guardian.orchestrator.operations;

import org.guardian.jobs.OperationResult;
import org.guardian.jobs.guardian.AuditLogCleanup;
import org.guardian.jobs.guardian.PartitionMaintenance;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardianPartitionsIT {
    private static final Clock MARCH_2031 = Clock.fixed(Instant.parse("2031-03-10T12:00:00Z"), ZoneId.of("UTC"));
    private final GuardianFixture fixture = new GuardianFixture();

    @Test
    void createsTheMonthlyPartitionsFromTheCurrentMonthThroughPremakeMonthsAhead() throws Exception {
        fixture.withPatients(0);

        OperationResult result = fixture.run(new PartitionMaintenance(),
                Map.of("table_list", List.of("audit_log", "document_processing_stages"), "premake", 2), MARCH_2031);

        assertThat(result.values().get("partitions_created")).isEqualTo(List.of(
                "audit_log_p203103", "audit_log_p203104", "audit_log_p203105",
                "document_processing_stages_p203103", "document_processing_stages_p203104", "document_processing_stages_p203105"));
        assertThat(fixture.count("SELECT COUNT(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = 'public.audit_log'::regclass"
                + " AND pg_get_expr(c.relpartbound, c.oid) = 'FOR VALUES FROM (''2031-05-01'') TO (''2031-06-01'')'")).isEqualTo(1);
    }

    @Test
    void createsNothingWhenThePartitionsExist() throws Exception {
        fixture.withPatients(0);
        fixture.run(new PartitionMaintenance(), Map.of("premake", 1), MARCH_2031);

        OperationResult again = fixture.run(new PartitionMaintenance(), Map.of("premake", 1), MARCH_2031);

        assertThat(again.values().get("partitions_created")).isEqualTo(List.of());
    }

    @Test
    void refusesATableThatIsNotAPartitionedGuardianTable() {
        fixture.withPatients(0);

        assertThatThrownBy(() -> fixture.run(new PartitionMaintenance(), Map.of("table_list", List.of("patients\"; DROP TABLE x; --")),
                MARCH_2031)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not partitioned tables");
    }

    @Test
    void auditCleanupRetiresWholePartitionsOlderThanTheRetentionArchivingTheirRows() throws Exception {
        fixture.withPatients(300);
        String expired = "audit_date < date_trunc('month', current_date - INTERVAL '7 years')";
        long expiredRows = fixture.count("SELECT COUNT(*) FROM public.audit_log WHERE " + expired);
        long keptRows = fixture.count("SELECT COUNT(*) FROM public.audit_log WHERE NOT (" + expired + ")");

        OperationResult result = fixture.run(new AuditLogCleanup(), Map.of("retention_years", 7, "archive_before_delete", true));

        assertThat(expiredRows).isPositive();
        assertThat(result.values()).containsEntry("rows_archived", expiredRows);
        assertThat(fixture.count("SELECT COUNT(*) FROM public.audit_log_archive")).isEqualTo(expiredRows);
        assertThat(fixture.count("SELECT COUNT(*) FROM public.audit_log")).isEqualTo(keptRows);
        assertThat(fixture.count("SELECT COUNT(*) FROM public.monthly_partitions WHERE parent_table = 'audit_log'"
                + " AND range_end <= current_date - INTERVAL '7 years'")).isZero();
    }

    @Test
    void auditCleanupWithoutArchivingDropsTheExpiredPartitionsOnly() throws Exception {
        fixture.withPatients(300);
        long keptRows = fixture.count("SELECT COUNT(*) FROM public.audit_log"
                + " WHERE audit_date >= date_trunc('month', current_date - INTERVAL '7 years')");

        fixture.run(new AuditLogCleanup(), Map.of("archive_before_delete", false));

        assertThat(fixture.count("SELECT COUNT(*) FROM public.audit_log_archive")).isZero();
        assertThat(fixture.count("SELECT COUNT(*) FROM public.audit_log")).isEqualTo(keptRows);
    }

    @Test
    void auditCleanupThatCannotGetItsLocksInTimeSaysRetryLaterInsteadOfQueueingWriters() throws Exception {
        fixture.withPatients(300);
        long partitions = fixture.count("SELECT COUNT(*) FROM public.monthly_partitions WHERE parent_table = 'audit_log'");
        try (Connection writer = fixture.db.dataSource().getConnection()) {
            writer.setAutoCommit(false);
            try (Statement statement = writer.createStatement()) {
                statement.execute("INSERT INTO public.audit_log (table_name, operation) VALUES ('patients', 'INSERT')");
            }
            CompletableFuture<OperationResult> cleanup = CompletableFuture.supplyAsync(() -> run(new AuditLogCleanup(), Map.of()));

            OperationResult result = cleanup.get(20, TimeUnit.SECONDS);

            assertThat(result.values()).containsEntry("retry_later", true).containsEntry("partitions_retired", 0);
            assertThat((String) result.values().get("lock_not_granted")).contains("lock timeout");
            writer.rollback();
        }
        assertThat(fixture.count("SELECT COUNT(*) FROM public.monthly_partitions WHERE parent_table = 'audit_log'"))
                .isEqualTo(partitions);
        assertThat(fixture.count("SELECT COUNT(*) FROM public.audit_log_archive")).isZero();
    }

    private OperationResult run(AuditLogCleanup operation, Map<String, ?> config) {
        try {
            return fixture.run(operation, config);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

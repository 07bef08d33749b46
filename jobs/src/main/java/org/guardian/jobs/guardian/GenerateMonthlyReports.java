package org.guardian.jobs.guardian;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.sql.Connection;
import java.sql.Date;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the report of the month that ended last (one row per month: a second run replaces it)
 * from data quality, orphans, alerts, the orchestrator's run history and, if asked, benchmark
 * history. Alerts, archived orphans, runs and benchmarks are the month's, from their history; data
 * quality and the orphan count keep no history, so they are the figures at generation, and the
 * report and the result name them as such.
 */
public final class GenerateMonthlyReports implements Operation {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CURRENT_FIGURES = List.of("data_quality", "orphaned_relationships");

    @Override
    public String name() {
        return "generate_monthly_reports";
    }

    @Override
    public String description() {
        return "Writes last month's report (data quality, orphans, alerts, runs, performance) into monthly_reports.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.bool("include_performance_summary", true,
                "add the month's query_performance_history summary"));
    }

    @Override
    public OperationResult execute(OperationContext context) throws SQLException, JsonProcessingException {
        Connection connection = context.connection();
        LocalDate month = LocalDate.now(context.clock()).withDayOfMonth(1).minusMonths(1);
        Date from = Date.valueOf(month);
        Date to = Date.valueOf(month.plusMonths(1));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("month", month.toString());
        report.put("current_figures", CURRENT_FIGURES);
        report.put("figures_as_of", context.clock().instant().toString());
        report.put("data_quality", Jdbc.queryRows(connection, """
                SELECT table_name, total_records, pending_review, low_confidence, ROUND(avg_confidence, 3) AS avg_confidence,
                       archived_count FROM public.data_quality_metrics ORDER BY table_name"""));
        report.put("orphaned_relationships", Jdbc.queryLong(connection,
                "SELECT COALESCE(SUM(orphan_count), 0) FROM public.orphaned_relationships_summary"));
        report.put("orphans_archived", Jdbc.queryLong(connection,
                "SELECT COUNT(*) FROM public.medical_data_relationships_archive WHERE archived_at >= ? AND archived_at < ?", from, to));
        report.put("alerts", Jdbc.queryRows(connection, """
                SELECT metric_name, severity, COUNT(*) AS alerts FROM public.performance_alerts
                 WHERE raised_at >= ? AND raised_at < ? GROUP BY metric_name, severity ORDER BY metric_name, severity""", from, to));
        context.checkCancelled();
        report.put("runs", runs(connection, from, to));
        if (context.config().getBoolean("include_performance_summary")) {
            report.put("performance", Jdbc.queryRows(connection, """
                    SELECT query_category, COUNT(*) AS measurements, ROUND(AVG(measured_duration_ms), 2) AS avg_duration_ms,
                           COUNT(*) FILTER (WHERE regression_detected) AS regressions
                      FROM public.query_performance_history WHERE measured_at >= ? AND measured_at < ?
                     GROUP BY query_category ORDER BY query_category""", from, to));
        }
        boolean created = (Boolean) Jdbc.queryValue(connection, """
                INSERT INTO public.monthly_reports AS r (report_month, generated_at, report) VALUES (?, now(), ?::jsonb)
                ON CONFLICT (report_month) DO UPDATE SET generated_at = now(), report = EXCLUDED.report
                RETURNING (xmax = 0)""", from, JSON.writeValueAsString(report));
        return OperationResult.builder()
                .put("report_month", month.toString())
                .put("action", created ? "created" : "replaced")
                .put("alerts", ((List<?>) report.get("alerts")).size())
                .put("current_figures", CURRENT_FIGURES)
                .put("figures_as_of", report.get("figures_as_of"))
                .build();
    }

    /** Run counts per schedule and status, when the orchestrator's history is in this database. */
    private static List<Map<String, Object>> runs(Connection connection, Date from, Date to) throws SQLException {
        if (Jdbc.queryValue(connection, "SELECT to_regclass('orchestrator.job_runs')::text") == null) {
            return List.of();
        }
        return Jdbc.queryRows(connection, """
                SELECT schedule_name, status, COUNT(*) AS runs FROM orchestrator.job_runs
                 WHERE started_at >= ? AND started_at < ? GROUP BY schedule_name, status ORDER BY schedule_name, status""",
                from, to);
    }
}

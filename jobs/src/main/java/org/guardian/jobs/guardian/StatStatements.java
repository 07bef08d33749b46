package org.guardian.jobs.guardian;

/**
 * The pg_stat_statements view with the column names of the installed extension's version (not the
 * server's: an extension not yet updated keeps its old columns). 1.8 renamed {@code mean_time} and
 * {@code total_time} to {@code mean_exec_time} and {@code total_exec_time}; 1.11 split
 * {@code blk_read_time}/{@code blk_write_time} into shared and local block times.
 *
 * @param relation  the view, schema-qualified and quoted
 * @param version   the installed extension version ({@code pg_extension.extversion})
 * @param meanTime  mean execution time column (ms)
 * @param totalTime total execution time column (ms)
 * @param ioTime    expression for block read + write time (ms), shared and local
 */
record StatStatements(String relation, String version, String meanTime, String totalTime, String ioTime) {

    /** The column expressions of extension version {@code version} ("1.10"). */
    static StatStatements forExtensionVersion(String relation, String version) {
        boolean execNames = atLeast(version, 8);
        String io = atLeast(version, 11)
                ? "(shared_blk_read_time + shared_blk_write_time + local_blk_read_time + local_blk_write_time)"
                : "(blk_read_time + blk_write_time)";
        return new StatStatements(relation, version, execNames ? "mean_exec_time" : "mean_time",
                execNames ? "total_exec_time" : "total_time", io);
    }

    /** Whether version "1.m" has m at least {@code minor}; a major version above 1 counts as newer. */
    private static boolean atLeast(String version, int minor) {
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        return major > 1 || (parts.length > 1 && Integer.parseInt(parts[1].replaceAll("\\D.*", "")) >= minor);
    }
}

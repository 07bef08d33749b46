package org.guardian.jobs.guardian;

/**
 * A B-tree index's bloat estimated from pgstatindex: how far its average leaf density is below
 * the density a fresh build has (the fill factor, 90% by default for B-trees).
 *
 * @param qualifiedName schema-qualified, quoted, as the catalog names it
 */
record IndexBloat(String qualifiedName, String indexName, String tableName, long leafPages,
                  double avgLeafDensity, int fillFactor, long sizeBytes) {

    double bloatPercent() {
        if (Double.isNaN(avgLeafDensity) || leafPages == 0) {
            return 0;
        }
        return Math.max(0, Math.round((1 - avgLeafDensity / fillFactor) * 1000) / 10.0);
    }
}

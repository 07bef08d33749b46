package org.guardian.orchestrator.resources;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulesResourceTest {
    @Test
    void gzipIsSentOnlyToClientsThatAcceptIt() {
        assertThat(SchedulesResource.acceptsGzip(null)).isFalse();
        assertThat(SchedulesResource.acceptsGzip("identity")).isFalse();
        assertThat(SchedulesResource.acceptsGzip("gzip")).isTrue();
        assertThat(SchedulesResource.acceptsGzip("deflate, GZIP")).isTrue();
        assertThat(SchedulesResource.acceptsGzip("gzip;q=0.5, br")).isTrue();
        assertThat(SchedulesResource.acceptsGzip("br, gzip; q=0")).isFalse();
        assertThat(SchedulesResource.acceptsGzip("gzip;q=0.000")).isFalse();
        assertThat(SchedulesResource.acceptsGzip("gzip;q=junk")).isFalse();
        assertThat(SchedulesResource.acceptsGzip("x-gzip2")).isFalse();
    }
}

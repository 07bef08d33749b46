package org.guardian.orchestrator.scheduler.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A job data map read back from its properties text as Quartz reads it, without parsing an empty one. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JobDataPropertiesTest {

    @Test
    void anEmptyMapAsQuartzStoresItReadsAsAnEmptyMapWithoutParsing() throws IOException {
        byte[] stored = storedAsQuartzDoes(new Properties());
        assertThat(JobDataProperties.commentsOnly(stored)).isTrue();
        assertThat(JobDataProperties.read(stored)).isEmpty();
    }

    @Test
    void aMapWithDataReadsAsPropertiesLoadReadsIt() throws IOException {
        Properties data = new Properties();
        data.setProperty("fireTime", "1764571200000");
        data.setProperty("requested by", "ops: on-call #2");
        data.setProperty("note", "line one\nline two");
        byte[] stored = storedAsQuartzDoes(data);
        assertThat(JobDataProperties.commentsOnly(stored)).isFalse();
        assertThat(JobDataProperties.read(stored)).isEqualTo(Map.copyOf(data));
    }

    @Test
    void commentsAndBlankLinesAreNoDataButAnyOtherLineIs() {
        assertThat(JobDataProperties.commentsOnly(bytes("#a\r\n  ! b\n\n\t \f\n# c=d\n"))).isTrue();
        assertThat(JobDataProperties.commentsOnly(bytes("#a\n  k=v\n"))).isFalse();
        assertThat(JobDataProperties.commentsOnly(bytes("#a\nk"))).isFalse();
    }

    @Test
    void noStoredBytesAreNoMapAsInQuartz() throws IOException {
        assertThat(JobDataProperties.read(null)).isNull();
        assertThat(JobDataProperties.read(new byte[0])).isNull();
    }

    private static byte[] storedAsQuartzDoes(Properties properties) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        properties.store(out, ""); // StdJDBCDelegate.serializeProperties
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}

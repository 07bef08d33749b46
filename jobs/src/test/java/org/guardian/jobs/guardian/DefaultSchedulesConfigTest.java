package org.guardian.jobs.guardian;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.guardian.jobs.OperationConfig;
import org.guardian.jobs.OperationRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultSchedulesConfigTest {
    /** ('name', 'cron', minutes, priority, '{config}' in the default-schedule migrations (V3 and V20). */
    private static final Pattern ROW = Pattern.compile("\\('([a-z_]+)',\\s*'[^']*',\\s*\\d+,\\s*\\d+,\\s*'(\\{[^']*})'");

    @Test
    void everyDefaultScheduleNamesARegisteredOperationThatAcceptsItsConfig() throws Exception {
        String sql = Files.readString(Path.of("..", "sql", "orchestrator", "V3__default_schedules.sql"))
                + Files.readString(Path.of("..", "sql", "orchestrator", "V20__schedules_outside_the_table.sql"));
        OperationRegistry registry = OperationRegistry.load(false);
        ObjectMapper json = new ObjectMapper();
        Matcher row = ROW.matcher(sql);
        int checked = 0;
        while (row.find()) {
            Map<String, Object> config = json.readValue(row.group(2), new TypeReference<>() { });
            var operation = registry.find(row.group(1));
            assertThat(operation).as(row.group(1)).isPresent();
            OperationConfig.validate(operation.get().configKeys(), config);
            checked++;
        }
        assertThat(checked).isEqualTo(14);
    }
}

package org.guardian.orchestrator.resources;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP layer calls services, never the database or Quartz: read from the sources of the
 * {@code resources} package, so that a new resource is held to it too.
 */
class ResourcesCallServicesTest {
    private static final Path RESOURCES = Path.of("src/main/java/org/guardian/orchestrator/resources");
    private static final List<String> SERVICES_OF_THE_SCHEDULER = List.of(
            "org.guardian.orchestrator.scheduler.sync.ScheduleService",
            "org.guardian.orchestrator.scheduler.sync.ScheduleEditor",
            "org.guardian.orchestrator.scheduler.OrchestratorNode");
    private static Map<String, String> sources;

    @BeforeAll
    static void readTheResourcesPackage() throws IOException {
        try (Stream<Path> files = Files.list(RESOURCES)) {
            sources = files.filter(f -> f.toString().endsWith(".java"))
                    .collect(Collectors.toMap(f -> f.getFileName().toString(), ResourcesCallServicesTest::read));
        }
        assertThat(sources).as("the resources package, read from " + RESOURCES.toAbsolutePath())
                .containsKeys("SchedulesResource.java", "ScheduleResource.java", "ApiModule.java");
    }

    @Test
    void noResourceImportsTheDatabaseLayer() {
        assertThat(importing(i -> i.startsWith("org.guardian.orchestrator.db."))).isEmpty();
    }

    @Test
    void noResourceImportsADao() {
        assertThat(importing(i -> i.endsWith("Dao"))).isEmpty();
    }

    @Test
    void noResourceImportsQuartz() {
        assertThat(importing(i -> i.startsWith("org.quartz."))).isEmpty();
    }

    @Test
    void noResourceThrowsQuartzsException() {
        assertThat(sources.entrySet().stream().filter(e -> e.getValue().contains("SchedulerException"))
                .map(Map.Entry::getKey)).isEmpty();
    }

    @Test
    void theSchedulerIsReachedOnlyThroughItsServices() {
        assertThat(importing(i -> i.startsWith("org.guardian.orchestrator.scheduler.")
                && !SERVICES_OF_THE_SCHEDULER.contains(i))).isEmpty();
    }

    @Test
    void resourceClassesLeaveJdbiToTheirServices() {
        assertThat(sources.entrySet().stream().filter(e -> e.getValue().contains("\n@Path("))
                .flatMap(e -> imports(e.getKey()).filter(i -> i.startsWith("org.jdbi.")).map(i -> e.getKey() + ": " + i)))
                .isEmpty();
    }

    /** "File: import" for every import that matches. */
    private static List<String> importing(Predicate<String> matches) {
        return sources.keySet().stream().sorted()
                .flatMap(file -> imports(file).filter(matches).map(i -> file + ": " + i)).toList();
    }

    private static Stream<String> imports(String file) {
        return sources.get(file).lines().map(String::trim).filter(line -> line.startsWith("import "))
                .map(line -> line.replaceFirst("^import (static )?", "").replace(";", "").trim());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.guardian.orchestrator.architecture;

import org.guardian.orchestrator.architecture.MainSources.SourceFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of the main sources of both modules: files of at most 300 lines, methods and
 * constructors of at most 40, comments of at most six lines of prose that cite no document outside
 * the repository, Quartz's tables and internals known only to the store extension, no static
 * mutable state. Each failure lists the offenders with file:line and size; the largest file and
 * method are printed on every run.
 */
class CodeShapeTest {
    static final int MAX_FILE_LINES = 300;
    static final int MAX_METHOD_LINES = 40;
    /** Prose lines of a comment, block tags ({@code @param}, ...) not counted: what and why in a sentence or two. */
    static final int MAX_COMMENT_PROSE_LINES = 6;

    private static List<SourceFile> sources;

    @BeforeAll
    static void readSources() throws IOException {
        sources = MainSources.read();
    }

    @Test
    void noFileIsOver300Lines() {
        List<Measured> files = sources.stream().map(Measured::file).sorted(Measured.LONGEST_FIRST).toList();
        System.out.printf("CodeShapeTest: %d main files; largest %s%n", files.size(), files.get(0));
        assertThat(files.stream().filter(f -> f.lines() > MAX_FILE_LINES).map(Measured::toString))
                .as("files over %d lines", MAX_FILE_LINES).isEmpty();
    }

    @Test
    void noMethodOrConstructorIsOver40Lines() {
        List<Measured> methods = sources.stream().flatMap(f -> Measured.callables(f).stream())
                .sorted(Measured.LONGEST_FIRST).toList();
        System.out.printf("CodeShapeTest: %d methods and constructors; largest %s%n", methods.size(), methods.get(0));
        assertThat(methods.stream().filter(m -> m.lines() > MAX_METHOD_LINES).map(Measured::toString))
                .as("methods and constructors over %d lines", MAX_METHOD_LINES).isEmpty();
    }

    @Test
    void noCommentIsOverSixLinesOfProse() {
        assertThat(sources.stream().flatMap(f -> Comments.longerThan(f, MAX_COMMENT_PROSE_LINES).stream()))
                .as("comments over %d lines of prose", MAX_COMMENT_PROSE_LINES).isEmpty();
    }

    @Test
    void noCommentCitesADocumentOutsideTheRepository() {
        assertThat(sources.stream().flatMap(f -> Comments.citingOutsideDocuments(f).stream()))
                .as("comments citing \"the seed\" or \"SPEC\"").isEmpty();
    }

    @Test
    void onlyTheStoreExtensionNamesQuartzTables() {
        assertThat(outsideTheStore(QuartzInternals::tableNames)).as("qrtz_ outside " + QuartzInternals.STORE)
                .isEmpty();
    }

    @Test
    void onlyTheStoreExtensionUsesQuartzInternals() {
        assertThat(outsideTheStore(QuartzInternals::references))
                .as("Quartz internals outside " + QuartzInternals.STORE).isEmpty();
    }

    @Test
    void noStaticMutableState() {
        assertThat(sources.stream().flatMap(f -> StaticState.fields(f).stream()))
                .as("static fields that are not final, or static collections not built unmodifiable").isEmpty();
    }

    private static List<String> outsideTheStore(Function<SourceFile, List<String>> finder) {
        return sources.stream().filter(f -> !f.inPackage(QuartzInternals.STORE))
                .flatMap(f -> finder.apply(f).stream()).toList();
    }
}

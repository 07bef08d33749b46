package org.guardian.orchestrator.architecture;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The main Java sources of both modules, read and parsed once: what {@link CodeShapeTest} measures. */
final class MainSources {
    /** The repository's root: the tests run in the orchestrator module's directory. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private MainSources() {
    }

    /** One main source file: its path from the repository's root, its package, its lines and its syntax tree. */
    record SourceFile(Path path, String packageName, List<String> lines, CompilationUnit unit) {
        String at(int line) {
            return path + ":" + line;
        }

        boolean inPackage(String name) {
            return packageName.equals(name) || packageName.startsWith(name + ".");
        }
    }

    static List<SourceFile> read() throws IOException {
        JavaParser parser = new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
        List<SourceFile> files = new ArrayList<>();
        for (String module : List.of("orchestrator", "jobs")) {
            List<Path> paths = javaFiles(ROOT.resolve(module).resolve("src/main/java"));
            assertThat(paths).as("main sources of %s", module).isNotEmpty();
            for (Path path : paths) {
                files.add(parse(parser, path));
            }
        }
        return files;
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static SourceFile parse(JavaParser parser, Path path) throws IOException {
        String text = Files.readString(path, StandardCharsets.UTF_8);
        ParseResult<CompilationUnit> result = parser.parse(text);
        assertThat(result.getProblems()).as("parse problems in %s", path).isEmpty();
        CompilationUnit unit = result.getResult().orElseThrow();
        String packageName = unit.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
        return new SourceFile(ROOT.relativize(path), packageName, text.lines().toList(), unit);
    }
}

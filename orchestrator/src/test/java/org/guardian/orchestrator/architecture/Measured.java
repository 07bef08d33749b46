package org.guardian.orchestrator.architecture;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.CompactConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import org.guardian.orchestrator.architecture.MainSources.SourceFile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A file, method or constructor and its length in lines, as {@link CodeShapeTest} reports it. */
record Measured(String where, String name, int lines) {
    static final Comparator<Measured> LONGEST_FIRST = Comparator.comparingInt(Measured::lines).reversed()
            .thenComparing(Measured::where);

    @Override
    public String toString() {
        return where + " " + name + ": " + lines + " lines";
    }

    static Measured file(SourceFile file) {
        return new Measured(file.at(1), file.path().getFileName().toString(), file.lines().size());
    }

    /**
     * Every method, constructor and compact constructor of a file (of nested and anonymous classes
     * too), counted from its declaration line (annotations and Javadoc excluded) to its closing brace.
     */
    static List<Measured> callables(SourceFile file) {
        List<Measured> found = new ArrayList<>();
        for (CallableDeclaration<?> callable : file.unit().findAll(CallableDeclaration.class)) {
            found.add(measure(file, callable, declarationLine(callable)));
        }
        for (CompactConstructorDeclaration compact : file.unit().findAll(CompactConstructorDeclaration.class)) {
            found.add(measure(file, compact, line(compact.getName())));
        }
        return found;
    }

    private static Measured measure(SourceFile file, Node callable, int begin) {
        String owner = callable.findAncestor(TypeDeclaration.class).map(TypeDeclaration::getNameAsString).orElse("?");
        String name = callable instanceof CallableDeclaration<?> c ? c.getNameAsString() : owner;
        int end = callable.getEnd().orElseThrow().line;
        return new Measured(file.at(begin), owner + "." + name, end - begin + 1);
    }

    /** The first line of modifiers, type parameters, return type or name: the declaration without its annotations. */
    private static int declarationLine(CallableDeclaration<?> callable) {
        Stream<Node> parts = Stream.concat(Stream.concat(callable.getModifiers().stream(),
                callable.getTypeParameters().stream()), Stream.of(callable.getName()));
        if (callable instanceof MethodDeclaration method) {
            parts = Stream.concat(parts, Stream.of(method.getType()));
        }
        return parts.mapToInt(Measured::line).min().orElseThrow();
    }

    private static int line(Node node) {
        return node.getBegin().orElseThrow().line;
    }
}

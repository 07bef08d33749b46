package org.guardian.orchestrator.architecture;

import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import org.guardian.orchestrator.architecture.MainSources.SourceFile;

import java.util.ArrayList;
import java.util.List;

/** Where a file knows Quartz's tables or its internal classes, which only the store extension may. */
final class QuartzInternals {
    /** The package of the Quartz store extension. */
    static final String STORE = "org.guardian.orchestrator.scheduler.store";

    /** Quartz's packages and classes that are not its public scheduling API. */
    private static final List<String> INTERNAL = List.of("org.quartz.impl.jdbcjobstore.", "org.quartz.core.",
            "org.quartz.utils.", "org.quartz.simpl.", "org.quartz.impl.StdScheduler",
            "org.quartz.impl.DefaultThreadExecutor", "org.quartz.impl.StdJobRunShellFactory", "org.quartz.impl.*");

    private QuartzInternals() {
    }

    /** Lines that name a Quartz table ({@code qrtz_} in any case, in code, strings or comments). */
    static List<String> tableNames(SourceFile file) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < file.lines().size(); i++) {
            if (file.lines().get(i).toLowerCase().contains("qrtz_")) {
                found.add(file.at(i + 1) + " " + file.lines().get(i).strip());
            }
        }
        return found;
    }

    /** Imports and fully qualified names of Quartz internals. */
    static List<String> references(SourceFile file) {
        List<String> found = new ArrayList<>();
        for (ImportDeclaration imported : file.unit().getImports()) {
            report(file, imported, imported.getNameAsString() + (imported.isAsterisk() ? ".*" : ""), found);
        }
        for (ClassOrInterfaceType type : file.unit().findAll(ClassOrInterfaceType.class)) {
            report(file, type, type.getNameWithScope(), found);
        }
        for (FieldAccessExpr access : file.unit().findAll(FieldAccessExpr.class)) {
            report(file, access, access.toString(), found);
        }
        return found;
    }

    private static void report(SourceFile file, Node node, String name, List<String> found) {
        if (INTERNAL.stream().anyMatch(name::startsWith)) {
            found.add(file.at(node.getBegin().orElseThrow().line) + " " + name);
        }
    }
}

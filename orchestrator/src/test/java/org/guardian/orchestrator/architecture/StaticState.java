package org.guardian.orchestrator.architecture;

import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import org.guardian.orchestrator.architecture.MainSources.SourceFile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Static fields that hold state: any static field that is not final, and any static collection or
 * map not built unmodifiable (a registry shared by every node in the JVM, invisible in imports).
 */
final class StaticState {
    /** Calls whose result cannot be changed: {@code List.of}, {@code Map.copyOf}, {@code Collections.unmodifiableSet}, ... */
    private static final Set<String> UNMODIFIABLE = Set.of("of", "copyOf", "ofEntries", "toList", "emptyList",
            "emptySet", "emptyMap", "singleton", "singletonList", "singletonMap", "unmodifiableList",
            "unmodifiableSet", "unmodifiableMap", "unmodifiableCollection", "unmodifiableSortedSet",
            "unmodifiableSortedMap", "unmodifiableNavigableSet", "unmodifiableNavigableMap");

    private StaticState() {
    }

    static List<String> fields(SourceFile file) {
        List<String> found = new ArrayList<>();
        for (FieldDeclaration field : file.unit().findAll(FieldDeclaration.class)) {
            if (!isStatic(field)) {
                continue;
            }
            for (VariableDeclarator variable : field.getVariables()) {
                boolean mutableCollection = isCollection(variable) && !isUnmodifiable(variable);
                if (!field.isFinal() || mutableCollection) {
                    found.add(file.at(variable.getBegin().orElseThrow().line) + " " + field.getCommonType()
                            + " " + variable.getNameAsString());
                }
            }
        }
        return found;
    }

    private static boolean isStatic(FieldDeclaration field) {
        return field.isStatic() || field.getParentNode()
                .filter(p -> p instanceof ClassOrInterfaceDeclaration c && c.isInterface()).isPresent();
    }

    private static boolean isCollection(VariableDeclarator variable) {
        return variable.getType() instanceof ClassOrInterfaceType type
                && type.getNameAsString().matches(".*(Map|Set|List|Queue|Deque|Collection|Multimap|Table)");
    }

    private static boolean isUnmodifiable(VariableDeclarator variable) {
        return variable.getInitializer().filter(MethodCallExpr.class::isInstance).map(Expression::asMethodCallExpr)
                .filter(call -> UNMODIFIABLE.contains(call.getNameAsString())).isPresent();
    }
}

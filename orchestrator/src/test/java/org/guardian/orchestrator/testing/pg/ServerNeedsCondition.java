package org.guardian.orchestrator.testing.pg;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.Optional;

/** Disables a test whose {@link NeedsServer} the provider of this run cannot give, saying why. */
public final class ServerNeedsCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<NeedsServer> needs = context.getElement()
                .flatMap(element -> AnnotationSupport.findAnnotation(element, NeedsServer.class));
        if (needs.isEmpty()) {
            return ConditionEvaluationResult.enabled("no server needs declared");
        }
        PgProvider provider = PgProviders.get();
        for (ServerNeed need : needs.get().value()) {
            if (!provider.can(need)) {
                return ConditionEvaluationResult.disabled(need.reason() + "; provider " + provider.name() + " cannot");
            }
        }
        return ConditionEvaluationResult.enabled("provider " + provider.name() + " gives what it needs");
    }
}

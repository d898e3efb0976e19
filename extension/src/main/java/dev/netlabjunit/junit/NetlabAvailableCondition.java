package dev.netlabjunit.junit;

import java.util.Optional;

import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import dev.netlabjunit.lab.EngineChoice;
import dev.netlabjunit.internal.engine.EngineSelector;

/** The condition behind {@link EnabledIfNetlabAvailable}. */
@API(status = API.Status.INTERNAL, since = "0.1.0")
final class NetlabAvailableCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<EnabledIfNetlabAvailable> annotation = context.getElement()
                .flatMap(e -> AnnotationSupport.findAnnotation(e, EnabledIfNetlabAvailable.class));
        if (annotation.isEmpty()) {
            return ConditionEvaluationResult.enabled("no @EnabledIfNetlabAvailable here");
        }
        NetlabConfiguration config = NetlabConfiguration.from(context);
        EngineChoice choice = annotation.get().engine() != EngineChoice.AUTO ? annotation.get().engine()
                : config.engine().orElse(EngineChoice.AUTO);
        Optional<String> missing = EngineSelector.unavailableReason(choice, config.netlabExecutable());
        return missing.map(reason -> ConditionEvaluationResult.disabled("No " + describe(choice)
                        + " engine available: " + reason))
                .orElseGet(() -> ConditionEvaluationResult.enabled("a " + describe(choice) + " engine is available"));
    }

    private static String describe(EngineChoice choice) {
        return choice == EngineChoice.AUTO ? "netlab or embedded" : choice.name().toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.netlabjunit.junit;

import java.util.Comparator;
import java.util.Optional;

import org.apiguardian.api.API;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Orders test classes so that the classes of one lab run one after another: classes without {@link NetlabLab}
 * first, then the classes of each lab, grouped by what the annotation names (topology, provider, initial
 * configuration, engine), in name order within a group. On a host where only one lab can run at a time (netlab's
 * {@code default} instance) each topology is then brought up once. Opt in with
 * {@code junit.jupiter.testclass.order.default=dev.netlabjunit.junit.LabGroupingClassOrderer}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class LabGroupingClassOrderer implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparing(LabGroupingClassOrderer::groupOf)
                .thenComparing(c -> c.getTestClass().getName()));
    }

    /** Empty string (first) for classes without a lab; else a text that is equal for classes of one lab. */
    static String groupOf(ClassDescriptor descriptor) {
        Optional<NetlabLab> lab = NetlabExtension.findAnnotation(descriptor.getTestClass());
        return lab.map(a -> "1|" + (a.value().isBlank() ? a.topology() : a.value()) + "|" + a.provider() + "|"
                + a.initialConfiguration() + "|" + a.engine()).orElse("0");
    }
}

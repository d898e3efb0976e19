package dev.netlabjunit.junit;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;

import dev.netlabjunit.lab.LabNode;
import dev.netlabjunit.internal.lifecycle.LiveLabs;

/**
 * The extension behind {@link NetlabLab}: finds or starts the class's shared lab and injects it.
 *
 * <p>The lab is obtained before anything of the class runs ({@code @BeforeAll}, or before the constructor with
 * {@code @TestInstance(PER_CLASS)}); it lives in the launcher-session store (on JUnit 5.10 to 5.12, which lack
 * that scope: the root context's store), one per lab identity, and is torn down when that store closes. Injected:
 * <ul>
 *   <li>{@code dev.netlabjunit.fixture.Lab}: parameters of constructors, lifecycle and test methods; fields
 *       of that type that are still {@code null} (a lab you built yourself is never replaced);</li>
 *   <li>{@code @Node("r1") LabNode}: parameters and fields.</li>
 * </ul>
 * Static fields are filled before {@code @BeforeAll} methods run, instance fields right after construction.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
final class NetlabExtension implements BeforeAllCallback, TestInstancePreConstructCallback,
        TestInstancePostProcessor, ParameterResolver {

    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NetlabExtension.class);
    private static final Object STORE_LOCK = new Object();

    /** What a class context remembers: not AutoCloseable on purpose, so the class store never closes the lab. */
    private record ClassBinding(SharedLab shared) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        SharedLab shared = binding(context).shared();
        dev.netlabjunit.fixture.Lab lab = obtain(shared, context);
        publish(context, shared, lab);
        injectFields(testClass, null, lab);
    }

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        // With PER_CLASS the instance exists before @BeforeAll: start (or skip) before the constructor asks.
        obtain(binding(context).shared(), context);
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        dev.netlabjunit.fixture.Lab lab = obtain(binding(context).shared(), context);
        injectFields(testInstance.getClass(), testInstance, lab);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == dev.netlabjunit.fixture.Lab.class
                || (type == LabNode.class && parameter.isAnnotated(Node.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        dev.netlabjunit.fixture.Lab lab = obtain(binding(context).shared(), context);
        if (parameter.getParameter().getType() == dev.netlabjunit.fixture.Lab.class) {
            return lab;
        }
        String name = parameter.findAnnotation(Node.class).map(Node::value).orElseThrow();
        try {
            return lab.node(name);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("@Node(\"" + name + "\") on " + parameter.getParameter()
                    + " of " + parameter.getDeclaringExecutable() + ": " + e.getMessage(), e);
        }
    }

    // ---- the shared lab ---------------------------------------------------------------------------------------

    private static ClassBinding binding(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext.Store classStore = context.getStore(NAMESPACE);
        ClassBinding known = classStore.get(testClass, ClassBinding.class);
        if (known != null) {
            return known;
        }
        NetlabLab annotation = findAnnotation(testClass).orElseThrow(() -> new ExtensionConfigurationException(
                "NetlabExtension is registered on " + testClass.getName() + " but no @NetlabLab is present on it,"
                        + " its superclasses, its annotations or its enclosing classes"));
        NetlabConfiguration config = NetlabConfiguration.from(context).validate();
        LiveLabs.setHookBudget(config.hookTimeout());
        LabDefinition definition = LabDefinition.resolve(annotation, testClass, config);
        ClassBinding binding = new ClassBinding(sharedLab(context, definition));
        classStore.put(testClass, binding);
        return binding;
    }

    private static SharedLab sharedLab(ExtensionContext context, LabDefinition definition) {
        // The launcher-session store on JUnit 5.13 and later, the root context's store on 5.10 to 5.12.
        LabStore session = LabStore.of(context, NAMESPACE);
        // Plain get/put under one lock instead of computeIfAbsent: the value creation cannot fail, and this
        // reads the same on every JUnit line.
        synchronized (STORE_LOCK) {
            SessionSummary summary = session.get(SessionSummary.class, SessionSummary.class);
            if (summary == null) {
                // First in, so closed last: after every lab's teardown.
                summary = new SessionSummary();
                session.put(SessionSummary.class, summary);
            }
            LabDefinition.Identity key = definition.identity();
            SharedLab shared = session.get(key, SharedLab.class);
            if (shared == null) {
                shared = new SharedLab(definition, summary);
                session.put(key, shared);
            }
            return shared;
        }
    }

    private static dev.netlabjunit.fixture.Lab obtain(SharedLab shared, ExtensionContext context) {
        NetlabConfiguration config = NetlabConfiguration.from(context);
        if (config.labsRunOneAfterAnother() && !shared.isInUse()) {
            shared.releaseOtherLabs();
        }
        return shared.obtain(context.getRequiredTestClass().getName(), () -> newFixture(shared.definition(), config,
                new LabConsole(shared.summary())), config.unavailable());
    }

    private static dev.netlabjunit.fixture.Lab newFixture(LabDefinition d, NetlabConfiguration config,
                                                          LabConsole console) {
        dev.netlabjunit.fixture.Lab lab = new dev.netlabjunit.fixture.Lab(d.topology())
                .withInitialConfiguration(d.initialConfiguration())
                .withEngine(d.engine())
                .withOutput(console);
        d.provider().ifPresent(lab::withProvider);
        d.startupTimeout().ifPresent(lab::withStartupTimeout);
        config.teardownTimeout().ifPresent(lab::withTeardownTimeout);
        config.netlabExecutable().ifPresent(lab::withNetlabExecutable);
        config.stateRoot().ifPresent(lab::withStateRoot);
        config.environment().forEach(lab::withEnvironment);
        config.leaseTimeout().ifPresent(lab::withLeaseTimeout);
        ShareKeys.of(d, config).ifPresent(lab::withSharing);
        if (config.shareScope() == NetlabConfiguration.ShareScope.ISOLATED) {
            lab.withIsolatedInstance();
        }
        if (config.reuseForced()) {
            lab.withReuseForced();
        } else if (config.reuse()) {
            lab.withReuse();
        }
        lab.withReuseIdle(config.reuseIdle());
        return lab;
    }

    private static void publish(ExtensionContext context, SharedLab shared, dev.netlabjunit.fixture.Lab lab) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("netlabjunit.lab", lab.labKey());
        entry.put("netlabjunit.engine", lab.engineName());
        lab.isolatedInstanceNumber().ifPresent(n -> entry.put("netlabjunit.isolatedInstance", Integer.toString(n)));
        entry.put("netlabjunit.topology", shared.definition().topology().toString());
        entry.put("netlabjunit.bringUpMillis", shared.bringUp().map(b -> Long.toString(b.toMillis())).orElse("0"));
        entry.put("netlabjunit.startedForThisClass", Boolean.toString(shared.markReported()));
        context.publishReportEntry(entry);
        // Surefire's TEST-*.xml keeps no class-level report entries, but it keeps what the class prints to stdout
        // (<system-out>): the same entries as one line there.
        StringBuilder line = new StringBuilder("[netlab-junit] report entry for ")
                .append(context.getRequiredTestClass().getName()).append(':');
        entry.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
    }

    // ---- the annotation ---------------------------------------------------------------------------------------

    /** On the class, its meta-annotations and superclasses; then on enclosing classes, nearest first. */
    static Optional<NetlabLab> findAnnotation(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<NetlabLab> found = AnnotationSupport.findAnnotation(c, NetlabLab.class);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    // ---- fields -----------------------------------------------------------------------------------------------

    /**
     * Fills the static ({@code instance == null}) or the instance fields of {@code type} and its superclasses:
     * {@code Lab} fields only while they are {@code null}, {@code @Node} fields always. Final fields are left
     * alone. JUnit's support classes do the walking and the reading, so hierarchy rules (synthetic fields,
     * interfaces) are JUnit's own; only the write is ours: {@code ReflectionSupport} has no setter before 1.12.
     */
    private static void injectFields(Class<?> type, Object instance, dev.netlabjunit.fixture.Lab lab) {
        Predicate<Field> ours = f -> ModifierSupport.isStatic(f) == (instance == null) && ModifierSupport.isNotFinal(f);
        Predicate<Field> labTyped = f -> f.getType() == dev.netlabjunit.fixture.Lab.class;
        for (Field f : ReflectionSupport.findFields(type, ours.and(labTyped), HierarchyTraversalMode.BOTTOM_UP)) {
            Object current = ReflectionSupport.tryToReadFieldValue(f, instance).getOrThrow(
                    e -> new ExtensionConfigurationException("Cannot inject the lab into " + f + ": "
                            + e.getMessage(), e));
            if (current == null) {
                set(f, instance, lab, "the lab");
            }
        }
        // A Lab-typed field is the lab even if it also carries @Node.
        for (Field f : AnnotationSupport.findAnnotatedFields(type, Node.class, ours.and(labTyped.negate()),
                HierarchyTraversalMode.BOTTOM_UP)) {
            if (f.getType() != LabNode.class) {
                throw new ExtensionConfigurationException("@Node field " + f + " must have type LabNode");
            }
            String node = AnnotationSupport.findAnnotation(f, Node.class).orElseThrow().value();
            set(f, instance, lab.node(node), "@Node(\"" + node + "\")");
        }
    }

    private static void set(Field f, Object instance, Object value, String what) {
        try {
            f.setAccessible(true);
            f.set(instance, value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException("Cannot inject " + what + " into " + f + ": " + e.getMessage(),
                    e);
        }
    }
}

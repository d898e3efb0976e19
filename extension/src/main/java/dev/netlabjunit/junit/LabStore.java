package dev.netlabjunit.junit;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;

import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where the shared labs of a run live, chosen once per JVM from what the JUnit on the class path offers.
 *
 * <ul>
 *   <li>JUnit 5.13 and later: the launcher-session store ({@code ExtensionContext.StoreScope.LAUNCHER_SESSION}),
 *       closed when the launcher session closes. Its values are {@link AutoCloseable} and closed as such.</li>
 *   <li>JUnit 5.10 to 5.12, which have no store scopes: the root context's store, closed when the Jupiter
 *       engine's execution ends. Those versions close only {@code Store.CloseableResource} values, so each value
 *       is put there inside a {@link Closing} wrapper.</li>
 * </ul>
 *
 * <p>The store scope is looked up by reflection, never named in the byte code: a class that names
 * {@code ExtensionContext$StoreScope} fails with {@code NoClassDefFoundError} on JUnit 5.12 and older as soon as
 * the JVM links it, and the source must also compile against those versions (CI builds the extension against
 * each supported JUnit line).
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
final class LabStore {

    private static final String STORE_SCOPE = "org.junit.jupiter.api.extension.ExtensionContext$StoreScope";

    /** Present on JUnit 5.13 and later: {@code ExtensionContext.getStore(StoreScope, Namespace)}. */
    private static final Optional<SessionScope> SESSION_SCOPE = SessionScope.find();

    private final ExtensionContext.Store store;
    private final boolean wrapped;

    private LabStore(ExtensionContext.Store store, boolean wrapped) {
        this.store = store;
        this.wrapped = wrapped;
    }

    /** The store for {@code namespace} that outlives every test class of the run. */
    static LabStore of(ExtensionContext context, ExtensionContext.Namespace namespace) {
        if (SESSION_SCOPE.isPresent()) {
            return new LabStore(SESSION_SCOPE.get().store(context, namespace), false);
        }
        return new LabStore(context.getRoot().getStore(namespace), true);
    }

    /** Whether labs live in the launcher-session store (JUnit 5.13 and later) rather than the root context's. */
    static boolean launcherSessionScoped() {
        return SESSION_SCOPE.isPresent();
    }

    <T extends AutoCloseable> T get(Object key, Class<T> type) {
        if (!wrapped) {
            return store.get(key, type);
        }
        Closing closing = store.get(key, Closing.class);
        return closing == null ? null : type.cast(closing.value());
    }

    /** Stores {@code value}; the store closes it when it closes, after every value put later. */
    void put(Object key, AutoCloseable value) {
        store.put(key, wrapped ? new Closing(value) : value);
    }

    /**
     * A value in the root store of JUnit 5.10 to 5.12, which close {@code CloseableResource}s only. Never used on
     * later versions (they close {@link AutoCloseable} values themselves), where the interface is deprecated.
     */
    @SuppressWarnings("deprecation")
    private record Closing(AutoCloseable value) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Throwable {
            value.close();
        }
    }

    /** The reflective handle on {@code getStore(StoreScope.LAUNCHER_SESSION, namespace)}. */
    private record SessionScope(Method getStore, Object launcherSession) {

        static Optional<SessionScope> find() {
            try {
                Class<?> scope = Class.forName(STORE_SCOPE, false, ExtensionContext.class.getClassLoader());
                Field constant = scope.getField("LAUNCHER_SESSION");
                Method getStore = ExtensionContext.class.getMethod("getStore", scope,
                        ExtensionContext.Namespace.class);
                return Optional.of(new SessionScope(getStore, constant.get(null)));
            } catch (ReflectiveOperationException | LinkageError e) {
                // JUnit 5.12 or older: no store scopes.
                return Optional.empty();
            }
        }

        ExtensionContext.Store store(ExtensionContext context, ExtensionContext.Namespace namespace) {
            try {
                return (ExtensionContext.Store) getStore.invoke(context, launcherSession, namespace);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("ExtensionContext.getStore(LAUNCHER_SESSION) failed", cause);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("ExtensionContext.getStore(LAUNCHER_SESSION) is not accessible", e);
            }
        }
    }
}

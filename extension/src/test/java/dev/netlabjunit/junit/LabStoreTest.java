package dev.netlabjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Which store holds the labs on the JUnit this build runs on. CI runs this module against 5.10, 5.12, 5.14 and
 * 6.1 (scripts/run-tests.sh), so each line checks its own side; sharing and teardown through that store are
 * checked by {@link SharingAndInjectionTest} on the same runs.
 */
class LabStoreTest {

    @Test
    void launcherSessionStoreExactlyWhereJUnitHasStoreScopes() {
        String version = ExtensionContext.class.getPackage().getImplementationVersion();
        assertThat(version).as("junit-jupiter-api's Implementation-Version").isNotBlank();
        String[] parts = version.split("[.-]");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        boolean hasStoreScopes = major > 5 || (major == 5 && minor >= 13);

        assertThat(LabStore.launcherSessionScoped()).as("launcher-session store on JUnit " + version)
                .isEqualTo(hasStoreScopes);
    }
}

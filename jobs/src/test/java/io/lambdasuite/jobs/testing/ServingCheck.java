package io.lambdasuite.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.verify.ServingVerifier;
import java.nio.file.Path;
import java.sql.SQLException;

/** SPEC §9 on the serving layer for tests: {@link ServingVerifier} must find no difference. */
public final class ServingCheck {
    private ServingCheck() {}

    public static void assertMatches(Path logDir, Path basePath) throws SQLException {
        ServingVerifier.Report r = ServingVerifier.verify(logDir.toString(), basePath.toString(), 10);
        assertThat(r.expectedRows).as("the log publishes rows").isPositive();
        assertThat(r.ok()).as(r.toString()).isTrue();
    }
}

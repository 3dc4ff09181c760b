package io.lambdasuite.jobs.verify;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lambda verify}: checks the latest published snapshot against an independent computation from a CDC log. */
@Command(name = "verify", mixinStandardHelpOptions = true, showDefaultValues = true, description = {
    "Recomputes with DuckDB, independently of the jobs, the expected latest serving snapshot from a CDC log of NDJSON"
            + " files (as lambda generate writes them) and compares it with the published one, and, once published,"
            + " pull_requests_analyzed with the PR rule over that state, and segments_aggregated when it is of the same"
            + " snapshot: prints counts and the first differing rows; exits 1 on any difference. Local paths (DuckDB reads the files directly)."})
public final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--log-dir", required = true, description = "The CDC log: <log-dir>/<topic>/*.ndjson.")
    Path logDir;

    @Option(names = "--base-path", description = "Base path of the datasets.")
    Path basePath = Path.of("lambda-data");

    @Option(names = "--show", description = "How many differing rows to print per kind.")
    int show = 10;

    @Override
    public Integer call() throws Exception {
        ServingVerifier.Report r = ServingVerifier.verify(logDir.toAbsolutePath().toString(),
                basePath.toAbsolutePath().toString(), show);
        System.out.println(r);
        return r.ok() ? 0 : 1;
    }
}

package io.lambdasuite.jobs.generate;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lambda generate}: writes a seeded, realistic Sequin CDC stream to NDJSON files or to Kafka. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Generates a deterministic Sequin CDC stream of activityRelations, members, organizations, segments and "
                    + "repositories: backfill reads, inserts, updates (with unchanged_toast), deletes, PR lifecycles, "
                    + "dimension changes, duplicates, out-of-order and late deliveries, facts before their "
                    + "dimensions, and a share of malformed messages.",
            "Writes NDJSON files (<out-dir>/<topic>/<prefix>-<nnnnn>.ndjson) or produces to existing Kafka topics "
                    + "named like the tables."
        })
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", defaultValue = "42", description = "Seed; same seed and options give the same bytes.")
    long seed;

    @Option(names = "--activities", defaultValue = "10000",
            description = "Distinct activity relations to create (updates, deletes and dimensions come on top).")
    long activities;

    @Option(names = "--start", defaultValue = "2024-05-01T00:00:00Z", converter = InstantConverter.class,
            description = "Commit time of the first change (ISO-8601 instant).")
    Instant start;

    @Option(names = "--hours", defaultValue = "2", description = "Span of the simulated commit clock, in hours.")
    double hours;

    @Option(names = "--malformed-share", defaultValue = "0.01",
            description = "Share of messages that are malformed, spread over all malformed kinds.")
    double malformedShare;

    @Option(names = "--max-oversized", defaultValue = "20",
            description = "Cap on oversized (> 1 MiB) malformed messages.")
    int maxOversized;

    @Option(names = "--duplicate-share", defaultValue = "0.01", description = "Share of messages redelivered.")
    double duplicateShare;

    @Option(names = "--late-share", defaultValue = "0.002",
            description = "Share of activity changes delivered 1-3 hours (of commit time) late.")
    double lateShare;

    @Option(names = "--out-of-order-share", defaultValue = "0.005",
            description = "Share of activity changes delivered after their next version.")
    double outOfOrderShare;

    @Option(names = "--update-share", defaultValue = "0.1",
            description = "Chance, per new activity, that a recent activity is updated.")
    double updateShare;

    @Option(names = "--delete-share", defaultValue = "0.01",
            description = "Chance, per new activity, that a recent activity is deleted.")
    double deleteShare;

    @Option(names = "--read-share", defaultValue = "0.05",
            description = "Share of activities sent first as a 'read' backfill.")
    double readShare;

    @Option(names = "--dimension-update-share", defaultValue = "0.002",
            description = "Chance, per new activity, of a dimension change (bot flag, archived segment, ...).")
    double dimensionUpdateShare;

    @Option(names = "--bot-share", defaultValue = "0.05", description = "Share of members that are bots.")
    double botShare;

    @Option(names = "--members", defaultValue = "0", description = "Members; 0 derives it from --activities.")
    int members;

    @Option(names = "--organizations", defaultValue = "0",
            description = "Organizations; 0 derives it from the members.")
    int organizations;

    @Option(names = "--segments", defaultValue = "0",
            description = "Leaf segments; 0 derives it from --activities.")
    int segments;

    @Option(names = "--repositories", defaultValue = "0",
            description = "Repositories; 0 derives it from the segments.")
    int repositories;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Output output;

    /** Exactly one destination. */
    static final class Output {
        @Option(names = "--out-dir", required = true, description = "Write NDJSON files under this directory.")
        Path outDir;

        @Option(names = "--bootstrap-servers", required = true,
                description = "Produce to this Kafka cluster (topics must exist).")
        String bootstrapServers;
    }

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Extra Kafka producer property (repeatable), e.g. security.protocol=SASL_SSL.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--file-prefix", defaultValue = NdjsonWriter.DEFAULT_PREFIX,
            description = "File name prefix of the NDJSON files (use another one to add a second phase).")
    String filePrefix;

    @Option(names = "--lines-per-file", defaultValue = "" + NdjsonWriter.DEFAULT_LINES_PER_FILE,
            description = "Start a new NDJSON file every this many lines of a topic.")
    int linesPerFile;

    @Override
    public Integer call() throws Exception {
        GeneratorConfig config;
        try {
            config = GeneratorConfig.builder()
                    .seed(seed)
                    .activities(activities)
                    .start(start)
                    .hours(hours)
                    .malformedShare(malformedShare)
                    .maxOversized(maxOversized)
                    .duplicateShare(duplicateShare)
                    .lateShare(lateShare)
                    .outOfOrderShare(outOfOrderShare)
                    .updateShare(updateShare)
                    .deleteShare(deleteShare)
                    .readShare(readShare)
                    .dimensionUpdateShare(dimensionUpdateShare)
                    .botShare(botShare)
                    .members(members)
                    .organizations(organizations)
                    .segments(segments)
                    .repositories(repositories)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        CdcGenerator generator = new CdcGenerator(config);
        long t0 = System.nanoTime();
        GenerationSummary summary;
        String target;
        if (output.outDir != null) {
            summary = NdjsonWriter.writeAll(generator, output.outDir, filePrefix, linesPerFile);
            target = output.outDir.toString();
        } else {
            Properties extra = new Properties();
            extra.putAll(kafkaProperties);
            summary = KafkaWriter.writeAll(generator, output.bootstrapServers, extra);
            target = "Kafka " + output.bootstrapServers;
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
        out.printf("generated %,d messages to %s in %.1f s (%,.0f messages/s)%n",
                summary.messages(), target, seconds, summary.messages() / seconds);
        out.print(summary.format());
        out.println("traits: " + generator.traits());
        out.flush();
        return 0;
    }

    /** ISO-8601 instants, e.g. 2024-05-01T00:00:00Z. */
    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return Instant.parse(value);
        }
    }
}

package io.lambdasuite.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.Lambda;
import io.lambdasuite.jobs.common.ConfigOptionsCli;
import io.lambdasuite.jobs.kafka.EmbeddedKafka;
import io.lambdasuite.jobs.source.Sources;
import io.lambdasuite.jobs.testing.CdcLogs;
import io.lambdasuite.jobs.testing.IncrementalRuns;
import io.lambdasuite.jobs.testing.LogCapture;
import io.lambdasuite.jobs.testing.MvCheck;
import io.lambdasuite.udfs.model.Table;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Kafka with SASL/PLAIN on the in-process broker: {@code lambda stream} gets the credentials only as
 * {@code --kafka-property} pass-through properties, reads everything (the MV equals the log's latest versions),
 * and the password appears nowhere: not in any log event of the JVM at INFO (Flink, Kafka clients, broker), not
 * on standard output or error, not in {@code lambda status}.
 */
class StreamKafkaSaslITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path tmp;

    @Test
    void theJobAuthenticatesWithPassThroughPropertiesAndNeverShowsThePassword() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        String prefix = "sasl-";
        Path logDir = tmp.resolve("log");
        Path out = tmp.resolve("out");
        try (EmbeddedKafka kafka = EmbeddedKafka.startWithSaslPlain(tmp.resolve("kafka"), "lambda", password)) {
            kafka.createTopics(IncrementalRuns.topics(prefix, 2));
            CdcLogs log = CdcLogs.generate(31, 1_500, 1).withTopicPrefix(prefix);
            log.writeFiles(0, logDir);
            log.produce(0, kafka.bootstrapServers(), kafka.clientSecurityProperties());

            List<String> args = new ArrayList<>(List.of("stream", "--source", "kafka",
                    "--bootstrap-servers", kafka.bootstrapServers(), "--group-id", "sasl",
                    "--stop-when-caught-up", "--base-path", out.toString(), "--checkpoint-interval", "500 ms",
                    "--parallelism", "2"));
            for (Table t : Table.values()) {
                args.addAll(List.of("--topic." + t.tableName(), prefix + t.tableName()));
            }
            kafka.clientSecurityProperties().forEach((k, v) -> args.addAll(List.of("--kafka-property", k + "=" + v)));
            assertThat(String.join(" ", args)).as("the credentials are on the command line").contains(password);
            CommandLine stream = StreamCommand.commandLine();
            stream.parseArgs(args.subList(1, args.size()).toArray(new String[0]));
            Configuration options = ConfigOptionsCli.toConfiguration(stream.getCommandSpec(), StreamOptions.ALL);
            assertThat(Sources.kafkaProperties(options).getProperty("sasl.jaas.config")).contains(password);
            assertThat(StreamJob.flinkConfiguration(options).toMap().toString())
                    .as("the configuration Flink ships with the job").doesNotContain(password);

            String captured;
            int code;
            try (LogCapture logs = LogCapture.start(Level.INFO)) {
                code = Lambda.run(args.toArray(new String[0]));
                captured = logs.text();
            }
            assertThat(code).as(captured.length() > 4000 ? captured.substring(captured.length() - 4000) : captured)
                    .isZero();
            // the capture saw the Kafka clients configure themselves (their config dump masks the JAAS line)
            assertThat(captured).contains("sasl.mechanism = PLAIN", "sasl.jaas.config = [hidden]", "caught up");
            assertThat(captured).doesNotContain(password);
            assertThat(restViewsOfTheJobs()).as("what Flink's REST API and web UI show of the job")
                    .contains("lambda-stream").doesNotContain(password);
        }

        MvCheck mv = MvCheck.of(logDir, out);
        assertThat(mv.actualKeys).isEqualTo(mv.expectedKeys).isPositive();
        assertThat(mv.missingOrDifferent).as(mv.toString()).isEmpty();
        assertThat(mv.unexpected).as(mv.toString()).isEmpty();
        assertThat(mv.actualDeadLetters).isEqualTo(mv.expectedDeadLetters);

        String status;
        try (LogCapture logs = LogCapture.start(Level.INFO)) {
            Lambda.run("status", "--base-path", out.toString());
            Lambda.run("status", "--base-path", out.toString(), "--json");
            status = logs.text();
        }
        assertThat(status).contains(Table.ACTIVITY_RELATIONS.mvDataset(), "\"deadLetters\"");
        assertThat(status).doesNotContain(password);
    }

    /** The job list, and every job's execution config and job configuration, as the REST API returns them. */
    private static String restViewsOfTheJobs() throws Exception {
        Configuration client = CLUSTER.getClientConfiguration();
        String rest = "http://" + client.get(RestOptions.ADDRESS) + ":" + client.get(RestOptions.PORT);
        HttpClient http = HttpClient.newHttpClient();
        StringBuilder all = new StringBuilder(get(http, rest + "/jobs/overview"));
        for (JsonNode job : new ObjectMapper().readTree(all.toString()).get("jobs")) {
            String id = job.get("jid").asText();
            all.append(get(http, rest + "/jobs/" + id + "/config"));
            all.append(get(http, rest + "/jobs/" + id + "/jobmanager/config"));
            all.append(get(http, rest + "/jobs/" + id));
        }
        return all.toString();
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }
}

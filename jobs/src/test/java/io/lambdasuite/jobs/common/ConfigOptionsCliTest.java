package io.lambdasuite.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.source.Sources;
import io.lambdasuite.jobs.stream.StreamCommand;
import io.lambdasuite.jobs.stream.StreamOptions;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Command-line flags into Flink configuration, as every job command reads them. */
class ConfigOptionsCliTest {
    @Test
    void repeatedListValuesKeepSemicolonsAndQuotes() {
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\""
                + " password=\"p;w'd\";";
        CommandLine cl = StreamCommand.commandLine();
        cl.parseArgs("--kafka-property", "sasl.jaas.config=" + jaas, "--kafka-property", "sasl.mechanism=PLAIN");
        Configuration o = ConfigOptionsCli.toConfiguration(cl.getCommandSpec(), StreamOptions.ALL);

        assertThat(o.get(StreamOptions.KAFKA_PROPERTIES)).containsExactly("sasl.jaas.config=" + jaas,
                "sasl.mechanism=PLAIN");
        Properties kafka = Sources.kafkaProperties(o);
        assertThat(kafka.getProperty("sasl.jaas.config")).isEqualTo(jaas);
        assertThat(kafka.getProperty("sasl.mechanism")).isEqualTo("PLAIN");
    }
}

package io.lambdasuite.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.taskexecutor.TaskManagerRunner;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A standalone Flink session cluster as {@code bin/start-cluster.sh} starts one, for tests: a Flink home laid out
 * like the distribution (lib/ with Flink's jars, plugins/metrics-prometheus/, conf/config.yaml, bin/flink), one
 * JobManager process ({@link StandaloneSessionClusterEntrypoint}) and one TaskManager process
 * ({@link TaskManagerRunner}), each with the JVM and memory settings the distribution's scripts compute from
 * config.yaml. Jobs reach it only through its REST endpoint, as with a real cluster.
 *
 * <p>lib/ holds the classpath {@code maven-dependency-plugin} wrote for {@code pre-integration-test} (the provided
 * dependencies: what the distribution bundles) plus the few libraries Flink needs that this build resolves as
 * compile dependencies of the job (and therefore leaves out of that list).
 */
final class StandaloneCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Flink's own dependencies that are compile-scope here (bundled in the job jar, so not "provided"). */
    private static final List<String> FLINK_LIBS_RESOLVED_AS_COMPILE = List.of(
            "org.slf4j.LoggerFactory", "org.apache.commons.lang3.StringUtils", "org.xerial.snappy.Snappy",
            "javax.annotation.Nonnull");

    final Path home;
    final int restPort;
    final int jobManagerMetricsPort;
    final int taskManagerMetricsPort;
    private final String javaOptions;
    private final List<Process> processes = new ArrayList<>();
    private final Thread killOnExit;

    private StandaloneCluster(Path home, int restPort, int jobManagerMetricsPort, int taskManagerMetricsPort,
            String javaOptions) {
        this.home = home;
        this.restPort = restPort;
        this.jobManagerMetricsPort = jobManagerMetricsPort;
        this.taskManagerMetricsPort = taskManagerMetricsPort;
        this.javaOptions = javaOptions;
        // a test JVM that is stopped must not leave a cluster behind
        this.killOnExit = new Thread(() -> processes.forEach(Process::destroyForcibly));
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Lays out {@code home}, writes {@code configDir}'s config.yaml with {@code overrides} (paths, ports, memory
     * for a test) and starts the JobManager and the TaskManager; returns once the TaskManager has registered.
     */
    static StandaloneCluster start(Path home, Path configDir, Map<String, String> overrides, Duration timeout)
            throws Exception {
        Configuration config = GlobalConfiguration.loadConfiguration(configDir.toString());
        int restPort = freePort();
        config.setString("rest.port", String.valueOf(restPort));
        config.setString("jobmanager.rpc.port", String.valueOf(freePort()));
        config.setString("io.tmp.dirs", home.resolve("tmp").toString());
        overrides.forEach(config::setString);

        for (String dir : List.of("lib", "conf", "bin", "log", "tmp", "plugins/metrics-prometheus")) {
            Files.createDirectories(home.resolve(dir));
        }
        for (Path jar : distributionJars()) {
            Files.createSymbolicLink(home.resolve("lib").resolve(jar.getFileName()), jar);
        }
        Path reporter = jarOf(PrometheusReporterFactory.class.getName());
        Files.createSymbolicLink(home.resolve("plugins/metrics-prometheus").resolve(reporter.getFileName()), reporter);
        Files.write(home.resolve("conf/config.yaml"), ConfigurationUtils.convertConfigToWritableLines(config, true));
        Files.writeString(home.resolve("conf/log4j.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = FileAppender",
                "appender.file.name = FileAppender",
                "appender.file.type = File",
                "appender.file.fileName = ${sys:log.file}",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-50c{1.} - %m%n", ""));

        // C1 only: these short-lived JVMs would spend more CPU compiling with C2 than running the tiny jobs
        String javaOptions = config.get(CoreOptions.FLINK_JVM_OPTIONS) + " -XX:TieredStopAtLevel=1";
        writeCli(home, javaOptions);
        StandaloneCluster cluster = new StandaloneCluster(home, restPort, freePort(), freePort(), javaOptions);
        try {
            JobManagerProcessSpec jm = JobManagerProcessUtils.processSpecFromConfig(config);
            cluster.launch("jobmanager", StandaloneSessionClusterEntrypoint.class,
                    JobManagerProcessUtils.generateJvmParametersStr(jm, config),
                    JobManagerProcessUtils.generateDynamicConfigsStr(jm), cluster.jobManagerMetricsPort);
            TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(config);
            cluster.launch("taskmanager", TaskManagerRunner.class, ProcessMemoryUtils.generateJvmParametersStr(tm),
                    TaskExecutorProcessUtils.generateDynamicConfigsStr(tm), cluster.taskManagerMetricsPort);
            cluster.awaitTaskManager(timeout);
            return cluster;
        } catch (Exception | Error e) {
            String diagnostics = cluster.diagnostics();
            cluster.close();
            throw new IllegalStateException("the cluster did not start\n" + diagnostics, e);
        }
    }

    /** The distribution's lib/: Flink's provided dependencies as Maven resolved them for this build. */
    private static Set<Path> distributionJars() throws Exception {
        Path listing = DeployFiles.root().resolve("jobs/target/flink-dist-classpath.txt");
        if (!Files.exists(listing)) {
            throw new IllegalStateException(listing + " is missing: run through `mvn verify` (pre-integration-test"
                    + " writes it)");
        }
        Set<Path> jars = new LinkedHashSet<>();
        for (String entry : Files.readString(listing).strip().split(java.io.File.pathSeparator)) {
            jars.add(Path.of(entry));
        }
        for (String className : FLINK_LIBS_RESOLVED_AS_COMPILE) {
            jars.add(jarOf(className));
        }
        return jars;
    }

    private static Path jarOf(String className) throws Exception {
        return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** bin/flink as the distribution's: the CLI (CliFrontend) on lib/, configured by conf/. */
    private static void writeCli(Path home, String javaOptions) throws IOException {
        Path cli = home.resolve("bin/flink");
        Files.writeString(cli, String.join("\n",
                "#!/usr/bin/env bash",
                "set -euo pipefail",
                "home=$(cd \"$(dirname \"$0\")/..\" && pwd)",
                "export FLINK_CONF_DIR=\"$home/conf\" FLINK_PLUGINS_DIR=\"$home/plugins\" FLINK_LIB_DIR=\"$home/lib\"",
                "exec '" + javaBinary() + "' " + javaOptions + " -Dlog.file=\"$home/log/client.log\""
                        + " -Dlog4j.configurationFile=\"file:$home/conf/log4j.properties\" -cp \"$home/lib/*\""
                        + " org.apache.flink.client.cli.CliFrontend \"$@\"", ""));
        cli.toFile().setExecutable(true);
    }

    private void launch(String name, Class<?> entryPoint, String jvmParameters, String dynamicConfigs,
            int metricsPort) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(split(javaOptions));
        cmd.addAll(split(jvmParameters));
        cmd.add("-Djava.io.tmpdir=" + home.resolve("tmp"));
        cmd.add("-Dlog.file=" + home.resolve("log/" + name + ".log"));
        cmd.add("-Dlog4j.configurationFile=file:" + home.resolve("conf/log4j.properties"));
        cmd.add("-cp");
        cmd.add(home.resolve("lib") + "/*");
        cmd.add(entryPoint.getName());
        cmd.add("--configDir");
        cmd.add(home.resolve("conf").toString());
        cmd.addAll(split(dynamicConfigs));
        // one Prometheus port per process (a real host gives each its own from the configured range)
        cmd.add("-D");
        cmd.add("metrics.reporter.prom.port=" + metricsPort);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolve("log/" + name + ".out").toFile());
        pb.environment().put("FLINK_CONF_DIR", home.resolve("conf").toString());
        pb.environment().put("FLINK_PLUGINS_DIR", home.resolve("plugins").toString());
        pb.environment().put("FLINK_LIB_DIR", home.resolve("lib").toString());
        processes.add(pb.start());
    }

    private void awaitTaskManager(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a cluster process ended with exit code " + p.exitValue());
                }
            }
            try {
                if (rest("/overview").path("taskmanagers").asInt() == 1) {
                    return;
                }
            } catch (IOException notYet) {
                // the REST endpoint is not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("no TaskManager registered within " + timeout);
    }

    /** GET on the cluster's REST API. */
    JsonNode rest(String path) throws IOException, InterruptedException {
        return JSON.readTree(get("http://localhost:" + restPort + path));
    }

    /** A Prometheus scrape of one of the processes. */
    String metrics(int port) throws IOException, InterruptedException {
        return get("http://localhost:" + port + "/metrics");
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(url + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** Waits until a job is in a globally terminal state; returns that state. */
    String awaitJob(String jobId, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            String state = rest("/jobs/" + jobId).path("state").asText();
            if (Set.of("FINISHED", "FAILED", "CANCELED").contains(state)) {
                return state;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("job " + jobId + " not finished within " + timeout);
    }

    /** The end of every log of the cluster and its clients, for failure messages. */
    String diagnostics() {
        StringBuilder sb = new StringBuilder();
        try (var logs = Files.list(home.resolve("log"))) {
            for (Path log : logs.sorted().toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                sb.append("==== ").append(log.getFileName()).append(" (last 40 lines)\n");
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> sb.append(l).append('\n'));
            }
        } catch (IOException e) {
            sb.append("(logs unreadable: ").append(e).append(")\n");
        }
        return sb.toString();
    }

    @Override
    public void close() throws InterruptedException {
        // TaskManager first, then the JobManager, each asked to stop (SIGTERM) before it is killed
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        // lib/ and plugins/ link into the Maven repository: remove the links, never what they point to
        try (var links = Files.walk(home)) {
            for (Path link : links.filter(Files::isSymbolicLink).toList()) {
                Files.delete(link);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> split(String options) {
        return Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}

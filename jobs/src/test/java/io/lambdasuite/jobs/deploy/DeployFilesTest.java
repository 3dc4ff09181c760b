package io.lambdasuite.jobs.deploy;

import static io.lambdasuite.jobs.deploy.DeployFiles.deploy;
import static io.lambdasuite.jobs.deploy.DeployFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdasuite.jobs.Lambda;
import io.lambdasuite.jobs.schedule.CronSchedule;
import io.lambdasuite.jobs.schedule.ScheduleOptions;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.runtime.entrypoint.ClusterEntrypoint;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.util.NetUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * deploy/ against the build and against Flink: every YAML file parses, every Flink key is one Flink defines
 * (checked by reflection against its ConfigOptions) with the values the suite relies on, every manifest has a
 * known kind and names the shaded jar, its main class and a real {@code lambda} command line, and the
 * standalone config, the Kubernetes manifests, the Dockerfile, the scripts and the crontab agree with each
 * other. {@code StandaloneClusterIT} then runs them for real.
 */
class DeployFilesTest {
    /** Where the image puts the jar; the FlinkDeployments' jarURI and the CronJob use it. */
    private static final String IMAGE_JAR = "/opt/flink/usrlib/lambda.jar";
    private static final String STANDALONE_BASE = "file:///var/lib/lambda";
    private static final String S3_BASE = "s3://lambda-data/lambda";
    private static final String HDFS_BASE = "hdfs://namenode:8020/lambda";

    private static FlinkOptionKeys flinkKeys;

    @BeforeAll
    static void scanFlinkOptions() throws IOException {
        // flink-core, flink-runtime and the RocksDB state backend: the modules of a distribution's lib/.
        flinkKeys = FlinkOptionKeys.of(CoreOptions.class, ClusterEntrypoint.class, RocksDBOptions.class);
        assertThat(flinkKeys.size()).as("Flink options found by the scan").isGreaterThan(500);
    }

    @Test
    void everyYamlFileUnderDeployParses() throws IOException {
        List<Path> files = new ArrayList<>(DeployFiles.files(".", ".yaml"));
        files.addAll(DeployFiles.files(".", ".yml"));
        assertThat(files).hasSizeGreaterThanOrEqualTo(7);
        for (Path f : files) {
            assertThat(DeployFiles.yamlDocuments(f)).as(f.toString()).isNotEmpty()
                    .allSatisfy(doc -> assertThat(doc.isObject()).as(f + " holds a mapping").isTrue());
        }
    }

    @Test
    void standaloneConfigUsesOnlyFlinkOptionKeys() {
        Map<String, String> config = standaloneConfig().toMap();
        assertThat(config).hasSizeGreaterThan(30);
        assertThat(problems(config)).isEmpty();
    }

    @Test
    void theKeyCheckRejectsTyposAndDeprecatedKeys() {
        assertThat(flinkKeys.problem("execution.checkpointing.interval")).isEmpty();
        assertThat(flinkKeys.problem("metrics.reporter.prom.factory.class")).isEmpty();
        assertThat(flinkKeys.problem("state.backend.rocksdb.memory.managed")).isEmpty();
        assertThat(flinkKeys.problem("execution.checkpointing.intervall")).hasValueSatisfying(
                p -> assertThat(p).contains("not a Flink option"));
        assertThat(flinkKeys.problem("state.checkpoints.dir")).hasValueSatisfying(
                p -> assertThat(p).contains("deprecated, use execution.checkpointing.dir"));
        assertThat(problems(Map.of("metrics.reporter.prom.factory.class",
                PrometheusReporterFactory.class.getName(), "metrics.reporter.prom.prot", "9249")))
                .containsExactly("metrics.reporter.prom.prot is not a Flink option");
    }

    @Test
    void standaloneConfigSetsCheckpointingStateBackendRestartsAndMetrics() throws Exception {
        Configuration c = standaloneConfig();
        assertThat(c.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE)).isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(c.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isPositive();
        assertThat(c.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(c.get(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS)).isGreaterThan(1);
        assertThat(c.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(c.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo(STANDALONE_BASE + "/_checkpoints");
        assertThat(c.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).isEqualTo(STANDALONE_BASE + "/_savepoints");
        assertThat(c.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(c.get(RocksDBOptions.USE_MANAGED_MEMORY)).isTrue();
        assertThat(c.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        assertThat(c.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF))
                .isGreaterThan(c.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF));
        assertPrometheusReporter(c.toMap());
        // the Java 17 flags every Flink process needs
        assertThat(c.get(CoreOptions.FLINK_JVM_OPTIONS)).contains("--add-opens=java.base/java.util=ALL-UNNAMED");
    }

    @Test
    void kubernetesManifestsHaveKnownKinds() throws IOException {
        Map<String, String> kinds = new LinkedHashMap<>();
        for (Path f : DeployFiles.files("k8s", ".yaml")) {
            for (JsonNode doc : DeployFiles.yamlDocuments(f)) {
                String kind = doc.path("kind").asText();
                assertThat(API_VERSIONS).as(f + ": kind").containsKey(kind);
                assertThat(doc.path("apiVersion").asText()).as(f + ": apiVersion of " + kind)
                        .isEqualTo(API_VERSIONS.get(kind));
                assertThat(doc.at("/metadata/name").asText()).as(f + ": metadata.name").matches("[a-z0-9-]+");
                kinds.put(doc.at("/metadata/name").asText() + "@" + f.getFileName(), kind);
            }
        }
        assertThat(kinds.values()).contains("FlinkDeployment", "CronJob", "ConfigMap", "PodMonitor");
    }

    private static final Map<String, String> API_VERSIONS = Map.of(
            "FlinkDeployment", "flink.apache.org/v1beta1",
            "FlinkSessionJob", "flink.apache.org/v1beta1",
            "CronJob", "batch/v1",
            "ConfigMap", "v1",
            "PodMonitor", "monitoring.coreos.com/v1");

    @Test
    void flinkDeploymentsRunTheImageOfTheMatchingFlinkVersionWithOnlyFlinkOptionKeys() throws Exception {
        String flinkVersion = DeployFiles.rootProperty("flink.version");
        String operatorVersion = "v" + flinkVersion.replaceAll("^(\\d+)\\.(\\d+).*", "$1_$2");
        for (JsonNode d : flinkDeployments().values()) {
            String name = d.at("/metadata/name").asText();
            assertThat(d.at("/spec/flinkVersion").asText()).as(name).isEqualTo(operatorVersion);
            assertThat(d.at("/spec/image").asText()).as(name).isEqualTo(dockerImageTag());
            assertThat(d.at("/spec/serviceAccount").asText()).as(name).isNotEmpty();
            Map<String, String> conf = stringMap(d.at("/spec/flinkConfiguration"));
            assertThat(problems(conf)).as(name).isEmpty();
            assertPrometheusReporter(conf);
            String port = conf.get("metrics.reporter.prom.port");
            assertThat(d.at("/spec/podTemplate/metadata/annotations/prometheus.io~1scrape").asText()).as(name)
                    .isEqualTo("true");
            assertThat(d.at("/spec/podTemplate/metadata/annotations/prometheus.io~1port").asText()).as(name)
                    .isEqualTo(port);
            JsonNode container = d.at("/spec/podTemplate/spec/containers/0");
            assertThat(container.path("name").asText()).as(name + ": the operator's main container")
                    .isEqualTo("flink-main-container");
            assertThat(container.at("/ports/0/name").asText()).isEqualTo("metrics");
            assertThat(container.at("/ports/0/containerPort").asText()).as(name).isEqualTo(port);
        }
    }

    @Test
    void theStreamingDeploymentRunsTheShadedJarsMainClassWithSavepointUpgrades() throws Exception {
        for (String file : List.of("lambda-stream.yaml", "lambda-stream-hdfs.yaml")) {
            JsonNode job = yaml(deploy("k8s/" + file)).at("/spec/job");
            assertThat(job.path("jarURI").asText()).as(file).isEqualTo("local://" + IMAGE_JAR);
            assertThat(job.path("entryClass").asText()).as(file).isEqualTo(DeployFiles.shadedMainClass());
            assertMainClass(job.path("entryClass").asText());
            assertThat(job.path("upgradeMode").asText()).as(file).isEqualTo("savepoint");
            assertThat(job.path("state").asText()).as(file).isEqualTo("running");
            List<String> args = stringList(job.path("args"));
            assertLambdaCommandLine(args, "stream");
            assertThat(args.get(args.indexOf("--base-path") + 1)).as(file)
                    .isEqualTo(file.contains("hdfs") ? HDFS_BASE : S3_BASE);
            Map<String, String> conf = stringMap(yaml(deploy("k8s/" + file)).at("/spec/flinkConfiguration"));
            // upgradeMode savepoint needs a savepoint directory; the job's checkpoints go to <base-path>/_checkpoints
            String base = file.contains("hdfs") ? HDFS_BASE : S3_BASE;
            assertThat(conf).containsEntry("execution.checkpointing.savepoint-dir", base + "/_savepoints")
                    .containsEntry("execution.checkpointing.dir", base + "/_checkpoints")
                    .containsEntry("cluster.intercept-user-system-exit", "THROW");
        }
    }

    @Test
    void theStreamingDeploymentMakesTheStandaloneConfigsChoices() throws Exception {
        Map<String, String> standalone = standaloneConfig().toMap();
        Map<String, String> k8s = stringMap(yaml(deploy("k8s/lambda-stream.yaml")).at("/spec/flinkConfiguration"));
        List<String> placeSpecific = List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir",
                "metrics.reporter.prom.port");
        List<String> compared = new ArrayList<>();
        for (Map.Entry<String, String> e : k8s.entrySet()) {
            if (standalone.containsKey(e.getKey()) && !placeSpecific.contains(e.getKey())) {
                assertThat(e.getValue()).as(e.getKey()).isEqualTo(standalone.get(e.getKey()));
                compared.add(e.getKey());
            }
        }
        assertThat(compared).contains("execution.checkpointing.mode",
                "execution.checkpointing.externalized-checkpoint-retention", "execution.checkpointing.incremental",
                "state.backend.type", "restart-strategy.type", "taskmanager.numberOfTaskSlots");
    }

    @Test
    void theHdfsExampleDiffersFromTheS3DeploymentOnlyInTheBasePathAndHadoopConfig() throws Exception {
        JsonNode s3 = yaml(deploy("k8s/lambda-stream.yaml")).path("spec");
        JsonNode hdfs = yaml(deploy("k8s/lambda-stream-hdfs.yaml")).path("spec");
        String hdfsAsS3 = DeployFiles.YAML.writeValueAsString(hdfs.path("flinkConfiguration")).replace(HDFS_BASE, S3_BASE);
        assertThat(DeployFiles.YAML.readTree(hdfsAsS3)).isEqualTo(s3.path("flinkConfiguration"));
        assertThat(DeployFiles.YAML.readTree(DeployFiles.YAML.writeValueAsString(hdfs.path("job"))
                .replace(HDFS_BASE, S3_BASE))).isEqualTo(s3.path("job"));
        JsonNode container = hdfs.at("/podTemplate/spec/containers/0");
        assertThat(container.at("/env/0/name").asText()).isEqualTo("HADOOP_CONF_DIR");
        assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo(container.at("/env/0/value").asText());
        assertThat(hdfs.at("/podTemplate/spec/volumes/0/configMap/name").asText()).isEqualTo("hadoop-conf");
    }

    @Test
    void theMergeCronJobSubmitsTheScheduledMergeToTheBatchSessionOnTheOriginalSchedule() throws Exception {
        JsonNode cron = yaml(deploy("k8s/lambda-merge-cronjob.yaml"));
        assertThat(cron.at("/spec/schedule").asText()).isEqualTo(ScheduleOptions.MERGE_CRON.defaultValue())
                .isEqualTo("10 * * * *");
        CronSchedule.parse(cron.at("/spec/schedule").asText());
        assertThat(cron.at("/spec/timeZone").asText()).isEqualTo("Etc/UTC");
        assertThat(cron.at("/spec/concurrencyPolicy").asText()).isEqualTo("Forbid");
        JsonNode container = cron.at("/spec/jobTemplate/spec/template/spec/containers/0");
        assertThat(container.path("image").asText()).isEqualTo(dockerImageTag());
        assertThat(stringList(container.path("command"))).containsExactly("/opt/flink/bin/flink");

        Map<String, String> env = stringMap(yaml(deploy("k8s/lambda-env.yaml")).path("data"));
        assertThat(container.at("/envFrom/0/configMapRef/name").asText())
                .isEqualTo(yaml(deploy("k8s/lambda-env.yaml")).at("/metadata/name").asText());
        List<String> args = new ArrayList<>();
        for (String a : stringList(container.path("args"))) {
            args.add(substitute(a, env));
        }
        assertThat(args.get(0)).isEqualTo("run");
        assertThat(args.get(args.indexOf("-c") + 1)).isEqualTo(DeployFiles.shadedMainClass());
        int jar = args.indexOf(IMAGE_JAR);
        assertThat(jar).as("the jar the image holds").isPositive();
        assertThat(args.subList(1, jar)).doesNotContain("-d", "--detached"); // the client publishes after the job
        assertLambdaCommandLine(args.subList(jar + 1, args.size()), "schedule");
        assertThat(args.subList(jar + 1, args.size())).containsSequence("--run-now", "merge")
                .containsSequence("--base-path", S3_BASE);
        // -m names the REST service the operator creates for the batch session cluster: <name>-rest
        String batch = yaml(deploy("k8s/lambda-batch.yaml")).at("/metadata/name").asText();
        assertThat(args.get(args.indexOf("-m") + 1)).isEqualTo(batch + "-rest:8081");
        assertThat(yaml(deploy("k8s/lambda-batch.yaml")).at("/spec/job").isMissingNode())
                .as("a session cluster has no job").isTrue();
    }

    @Test
    void thePodMonitorScrapesTheMetricsPortOfBothFlinkDeployments() throws Exception {
        JsonNode pm = yaml(deploy("k8s/lambda-podmonitor.yaml"));
        List<String> selected = new ArrayList<>();
        for (JsonNode e : pm.at("/spec/selector/matchExpressions")) {
            if (e.path("key").asText().equals("app")) {
                selected.addAll(stringList(e.path("values")));
            }
        }
        List<String> deployments = flinkDeployments().values().stream().map(d -> d.at("/metadata/name").asText())
                .distinct().toList();
        assertThat(selected).containsExactlyInAnyOrderElementsOf(deployments);
        assertThat(pm.at("/spec/podMetricsEndpoints/0/port").asText()).isEqualTo("metrics");
    }

    @Test
    void theDockerfilePutsTheShadedJarWhereTheManifestsLookOnTheMatchingFlinkImage() throws Exception {
        List<String> lines = dockerfileInstructions();
        String flinkImage = "flink:" + DeployFiles.rootProperty("flink.version") + "-java"
                + DeployFiles.rootProperty("maven.compiler.release");
        assertThat(lines).contains("ARG FLINK_IMAGE=" + flinkImage, "FROM ${FLINK_IMAGE}");
        List<String> copies = lines.stream().filter(l -> l.startsWith("COPY ")).toList();
        assertThat(copies).containsExactly("COPY --chown=flink:flink " + DeployFiles.shadedJarPath() + " " + IMAGE_JAR);
        assertThat(dockerImageTag()).isEqualTo("lambda-suite:" + DeployFiles.projectVersion().replace("-SNAPSHOT", ""));
    }

    @Test
    void theSubmitScriptNamesTheShadedJarAndItsMainClass() throws Exception {
        String submit = Files.readString(deploy("standalone/lambda-submit.sh"));
        Matcher jar = Pattern.compile("LAMBDA_JAR:-\\$here/([^}]+)}").matcher(submit);
        assertThat(jar.find()).isTrue();
        assertThat(deploy("standalone").resolve(jar.group(1)).normalize())
                .isEqualTo(DeployFiles.root().resolve(DeployFiles.shadedJarPath()));
        Matcher main = Pattern.compile("(?m)^main_class=(\\S+)$").matcher(submit);
        assertThat(main.find()).isTrue();
        assertThat(main.group(1)).isEqualTo(DeployFiles.shadedMainClass());
        assertMainClass(main.group(1));
    }

    @Test
    void everyScriptIsStrictBashWithUsage() throws Exception {
        List<Path> scripts = DeployFiles.files("standalone", ".sh");
        assertThat(scripts).extracting(p -> p.getFileName().toString())
                .contains("lambda-submit.sh", "stream.sh", "merge.sh", "prune.sh", "schedule.sh");
        for (Path s : scripts) {
            assertThat(Files.isExecutable(s)).as(s + " is executable").isTrue();
            assertThat(Files.readString(s)).as(s.toString()).startsWith("#!/usr/bin/env bash\n")
                    .contains("\nset -euo pipefail\n");
            assertThat(run("bash", "-n", s.toString())).as("bash -n " + s).isEqualTo("");
            String usage = run("bash", s.toString(), "--help");
            assertThat(usage).as(s + " --help").startsWith("Usage: " + s.getFileName());
        }
    }

    @Test
    void shellcheckFindsNothingInTheScripts() throws Exception {
        assumeTrue(onPath("shellcheck"), "shellcheck is not installed");
        List<String> cmd = new ArrayList<>(List.of("shellcheck", "--shell=bash", "-x"));
        for (Path s : DeployFiles.files("standalone", ".sh")) {
            cmd.add(s.toString());
        }
        cmd.add(deploy("standalone/lambda.env").toString());
        assertThat(run(cmd.toArray(String[]::new))).isEqualTo("");
    }

    @Test
    void theCrontabRunsTheSchedulerScriptOnTheOriginalSchedule() throws Exception {
        List<String[]> jobs = new ArrayList<>();
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(deploy("standalone/lambda.crontab"))) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (l.matches("[A-Z_]+=.*")) {
                env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
                continue;
            }
            jobs.add(l.split("\\s+"));
        }
        assertThat(env).containsEntry("CRON_TZ", "UTC").containsKey("LAMBDA_ENV");
        assertThat(jobs).hasSize(2);
        assertCronLine(jobs.get(0), ScheduleOptions.MERGE_CRON.defaultValue(), "merge");
        assertCronLine(jobs.get(1), ScheduleOptions.PR_MERGE_CRON.defaultValue(), "pull-requests");
    }

    private static void assertCronLine(String[] line, String expectedCron, String runNow) throws Exception {
        String expression = String.join(" ", Arrays.copyOfRange(line, 0, 5));
        assertThat(expression).isEqualTo(expectedCron);
        CronSchedule.parse(expression);
        List<String> command = Arrays.asList(line).subList(5, line.length);
        int script = indexOfEndingWith(command, "/deploy/standalone/schedule.sh");
        assertThat(script).as("the crontab runs schedule.sh").isNotNegative();
        assertThat(command.subList(0, script)).as("one run at a time").contains("flock", "-n");
        List<String> lambdaArgs = new ArrayList<>(List.of("schedule"));
        for (String a : command.subList(script + 1, command.size())) {
            if (a.startsWith(">")) {
                break;
            }
            lambdaArgs.add(a);
        }
        assertLambdaCommandLine(lambdaArgs, "schedule");
        assertThat(lambdaArgs).containsSequence("--run-now", runNow);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Configuration standaloneConfig() {
        return GlobalConfiguration.loadConfiguration(deploy("standalone").toString());
    }

    /** The keys of {@code conf} that are not Flink options (reporter-specific keys checked with the reporter). */
    private static List<String> problems(Map<String, String> conf) {
        List<String> problems = new ArrayList<>();
        for (String key : conf.keySet()) {
            Matcher reporterKey = Pattern.compile("metrics\\.reporter\\.([^.]+)\\.(.+)").matcher(key);
            if (reporterKey.matches() && isPrometheusReporterKey(conf, reporterKey.group(1), reporterKey.group(2))) {
                continue;
            }
            flinkKeys.problem(key).ifPresent(problems::add);
        }
        return problems;
    }

    /** A key the Prometheus reporter itself reads (its factory's ARG_ constants: the port). */
    private static boolean isPrometheusReporterKey(Map<String, String> conf, String reporter, String key) {
        if (!PrometheusReporterFactory.class.getName().equals(conf.get("metrics.reporter." + reporter + ".factory.class"))) {
            return false;
        }
        for (Field f : PrometheusReporterFactory.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("ARG_") && f.getType() == String.class) {
                try {
                    f.setAccessible(true);
                    if (key.equals(f.get(null))) {
                        return true;
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return false;
    }

    /** The reporter is enabled, its factory is the Prometheus one (a MetricReporterFactory), its port parses. */
    private static void assertPrometheusReporter(Map<String, String> conf) throws Exception {
        assertThat(conf).containsEntry("metrics.reporters", "prom");
        Class<?> factory = Class.forName(conf.get("metrics.reporter.prom.factory.class"));
        assertThat(MetricReporterFactory.class).isAssignableFrom(factory);
        assertThat(NetUtils.getPortRangeFromString(conf.get("metrics.reporter.prom.port")).hasNext()).isTrue();
    }

    private static void assertMainClass(String name) throws Exception {
        Method main = Class.forName(name).getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).as(name + ".main is static").isTrue();
    }

    /** {@code args} is a valid {@code lambda} command line whose command is {@code command}. */
    private static void assertLambdaCommandLine(List<String> args, String command) {
        CommandLine.ParseResult parsed = Lambda.commandLine().parseArgs(args.toArray(String[]::new));
        assertThat(parsed.subcommand()).as(String.join(" ", args)).isNotNull();
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(command);
    }

    private static Map<String, JsonNode> flinkDeployments() throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Path f : DeployFiles.files("k8s", ".yaml")) {
            for (JsonNode doc : DeployFiles.yamlDocuments(f)) {
                if (doc.path("kind").asText().equals("FlinkDeployment")) {
                    out.put(f.getFileName().toString(), doc);
                }
            }
        }
        assertThat(out).containsKeys("lambda-stream.yaml", "lambda-stream-hdfs.yaml", "lambda-batch.yaml");
        return out;
    }

    /** The Dockerfile without comments and line continuations. */
    private static List<String> dockerfileInstructions() throws IOException {
        String text = Files.readString(deploy("docker/Dockerfile")).replaceAll("(?m)^\\s*#.*\\n", "")
                .replace("\\\n", " ");
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** The tag the Dockerfile's build command gives the image. */
    private static String dockerImageTag() throws IOException {
        Matcher m = Pattern.compile("docker build .* -t (\\S+) \\.").matcher(Files.readString(deploy("docker/Dockerfile")));
        assertThat(m.find()).as("the Dockerfile documents its build command").isTrue();
        return m.group(1);
    }

    private static String substitute(String value, Map<String, String> env) {
        Matcher m = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            assertThat(env).as("$(" + m.group(1) + ") is defined").containsKey(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(env.get(m.group(1))));
        }
        return m.appendTail(sb).toString();
    }

    private static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static List<String> stringList(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static int indexOfEndingWith(List<String> list, String suffix) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).endsWith(suffix)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a short command; returns its output, failing on a non-zero exit. */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command) + " ends").isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
        return out;
    }
}

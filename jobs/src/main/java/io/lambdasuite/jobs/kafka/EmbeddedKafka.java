package io.lambdasuite.jobs.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Apache Kafka 4.x broker running inside this JVM, for {@code lambda demo} and the tests: no Docker,
 * no external install, nothing left running after {@link #close()}.
 *
 * <p>Kafka 4 has no ZooKeeper: one process is both KRaft controller and broker. Its storage must be formatted
 * before the first start (cluster id, {@code meta.properties}, bootstrap metadata with the feature levels), which
 * is what {@code kafka-storage.sh format} does; {@link #start} does the same through Kafka's own
 * {@link Formatter}, then runs {@link KafkaRaftServer}, the class behind {@code kafka-server-start.sh}.
 *
 * <p>The settings are sized for a laptop or a 2-core CI box: every internal topic has one partition and one
 * replica, few threads, no topic auto-creation. Transactions work, so Flink's exactly-once Kafka sink can be used.
 *
 * <p>Each start wipes the previous log directory: the broker is a fixture, not a store. Within one instance,
 * {@link #stop()} and {@link #restart()} simulate a broker outage: the same ports, the same logs.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "BROKER";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** The subdirectory of the caller's data directory that holds the broker's metadata and partition logs. */
    private static final String LOG_DIR_NAME = "kafka-logs";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Pause between two readiness checks against the broker. */
    private static final long POLL_INTERVAL_MS = 20;
    /** Starts tried before giving up when a probed port was taken in the meantime. */
    private static final int START_ATTEMPTS = 3;

    /** The broker's configuration, kept to start it again after {@link #stop()}. */
    private final Properties brokerProps;
    private KafkaRaftServer server;
    private boolean stopped;
    private final String bootstrapServers;
    private final Properties clientSecurity;
    private final Admin admin;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaRaftServer server, Properties brokerProps, String bootstrapServers,
            Properties clientSecurity) {
        this.server = server;
        this.brokerProps = brokerProps;
        this.bootstrapServers = bootstrapServers;
        this.clientSecurity = clientSecurity;
        this.admin = Admin.create(adminConfig(bootstrapServers, clientSecurity));
    }

    /**
     * Formats {@code dataDir/kafka-logs} afresh, starts a broker with a PLAINTEXT listener on a free port of
     * 127.0.0.1 and returns once it answers clients.
     */
    public static EmbeddedKafka start(Path dataDir) {
        return start(dataDir, new Properties(), new Properties());
    }

    /**
     * Like {@link #start}, but clients must authenticate with SASL/PLAIN as {@code user}; the listener is
     * SASL_PLAINTEXT (no TLS). {@link #clientSecurityProperties()} gives what a client must set. The broker's own
     * connections to itself (transaction markers) authenticate as the same user; the controller listener stays
     * PLAINTEXT, as only the broker in this JVM uses it.
     *
     * @param user letters, digits, {@code .}, {@code _} or {@code -} (it becomes part of a JAAS option name)
     */
    public static EmbeddedKafka startWithSaslPlain(Path dataDir, String user, String password) {
        if (!user.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("SASL user must be letters, digits, '.', '_' or '-': " + user);
        }
        String clientJaas = PlainLoginModule.class.getName()
                + " required username=" + jaasQuote(user) + " password=" + jaasQuote(password) + ";";
        // The server side validates against the user_<name> entries; username/password are its inter-broker login.
        String serverJaas = PlainLoginModule.class.getName()
                + " required username=" + jaasQuote(user) + " password=" + jaasQuote(password)
                + " user_" + user + "=" + jaasQuote(password) + ";";
        String listenerPrefix = "listener.name." + BROKER_LISTENER.toLowerCase(Locale.ROOT) + ".plain.";

        Properties broker = new Properties();
        broker.put("listener.security.protocol.map",
                BROKER_LISTENER + ":SASL_PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        broker.put("sasl.enabled.mechanisms", "PLAIN");
        broker.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        broker.put(listenerPrefix + SaslConfigs.SASL_JAAS_CONFIG, serverJaas);

        Properties client = new Properties();
        client.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_PLAINTEXT.name);
        client.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        client.put(SaslConfigs.SASL_JAAS_CONFIG, clientJaas);
        return start(dataDir, broker, client);
    }

    private static EmbeddedKafka start(Path dataDir, Properties securityOverrides, Properties clientSecurity) {
        Path logDir = dataDir.toAbsolutePath().resolve(LOG_DIR_NAME);
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(logDir, securityOverrides, clientSecurity);
            } catch (RuntimeException e) {
                // A probed port was taken by someone else before the broker bound it: probe again.
                if (attempt == START_ATTEMPTS || !causedByBindFailure(e)) {
                    throw e;
                }
            }
        }
    }

    private static EmbeddedKafka startOnce(Path logDir, Properties securityOverrides, Properties clientSecurity) {
        recreate(logDir);
        format(logDir);
        int[] ports = freeLoopbackPorts(2);
        String host = InetAddress.getLoopbackAddress().getHostAddress();
        Properties props = brokerConfig(logDir, host, ports[0], ports[1]);
        props.putAll(securityOverrides);

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        EmbeddedKafka kafka = null;
        try {
            // Returns once the broker has caught up with the metadata log and been unfenced by the controller.
            server.startup();
            kafka = new EmbeddedKafka(server, props, host + ":" + ports[0], clientSecurity);
            kafka.awaitBrokerAnswers();
            return kafka;
        } catch (RuntimeException | Error e) {
            if (kafka != null) {
                kafka.close();
            } else {
                shutdown(server);
            }
            throw e;
        }
    }

    private static boolean causedByBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** The {@code bootstrap.servers} value for clients, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * What a client must set besides {@code bootstrap.servers}: empty for {@link #start}, the SASL settings for
     * {@link #startWithSaslPlain}. A fresh copy each call.
     */
    public Properties clientSecurityProperties() {
        Properties copy = new Properties();
        copy.putAll(clientSecurity);
        return copy;
    }

    /**
     * Creates the topics that do not exist yet (one replica each) and waits until every partition of every named
     * topic has a leader. Topics that already exist are left as they are, whatever their partition count.
     */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        if (partitionsByTopic.isEmpty()) {
            return;
        }
        List<NewTopic> newTopics = partitionsByTopic.entrySet().stream()
                .map(e -> new NewTopic(e.getKey(), Optional.of(e.getValue()), Optional.empty()))
                .toList();
        CreateTopicsResult result = admin.createTopics(newTopics);
        for (Map.Entry<String, KafkaFuture<Void>> created : result.values().entrySet()) {
            try {
                await(created.getValue());
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        Set<String> names = partitionsByTopic.keySet();
        pollUntil(() -> allPartitionsLed(names), "partition leaders of " + names);
        // A leader in the metadata is not yet a partition the broker serves: a first produce request can still
        // fail there, retriably, while the producer's next batch to the partition already lands; the broker then
        // takes that batch's sequence number as the new producer's first one and rejects the retried first batch
        // forever (OutOfOrderSequenceException until "Expiring N records"). Listing offsets goes through the same
        // partition state as a produce, so once it answers for every partition, produce requests are served.
        pollUntil(() -> allPartitionsServeOffsets(names), "partitions of " + names + " to serve requests");
    }

    private boolean allPartitionsServeOffsets(Collection<String> topics) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicDescription d : await(admin.describeTopics(topics).allTopicNames()).values()) {
            for (TopicPartitionInfo p : d.partitions()) {
                request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
            }
        }
        try {
            admin.listOffsets(request).all().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return false; // not leader yet, or the partition not loaded: ask again
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for partitions of " + topics, e);
        }
    }

    /**
     * Stops the broker and controller but keeps the log directory and the ports, as a broker outage does: clients
     * get connection errors and retry until {@link #restart()}. Does nothing when already stopped.
     */
    public synchronized void stop() {
        if (closed.get()) {
            throw new IllegalStateException("the broker is closed");
        }
        if (!stopped) {
            shutdown(server);
            stopped = true;
        }
    }

    /**
     * Starts a {@link #stop() stopped} broker again on the same ports from the same log directory (topics, records
     * and committed consumer offsets survive) and returns once it answers clients.
     */
    public synchronized void restart() {
        if (closed.get() || !stopped) {
            throw new IllegalStateException("only a stopped broker can be restarted");
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(brokerProps, false), Time.SYSTEM);
        server.startup();
        stopped = false;
        awaitBrokerAnswers();
    }

    /** Stops the broker and controller. Does nothing when already closed. */
    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        admin.close(Duration.ofSeconds(5));
        if (!stopped) {
            shutdown(server);
        }
    }

    private static void shutdown(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    private void awaitBrokerAnswers() {
        pollUntil(() -> !await(admin.describeCluster().nodes()).isEmpty(), "the broker at " + bootstrapServers);
    }

    private boolean allPartitionsLed(Collection<String> topics) {
        Map<String, TopicDescription> descriptions;
        try {
            descriptions = await(admin.describeTopics(topics).allTopicNames());
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false; // created, but the broker's metadata has not caught up yet
            }
            throw e;
        }
        return descriptions.values().stream()
                .flatMap(d -> d.partitions().stream())
                .map(TopicPartitionInfo::leader)
                .allMatch(leader -> leader != null && !leader.isEmpty());
    }

    /** Re-checks {@code condition} until it holds, failing after {@link #READY_TIMEOUT}. */
    private static void pollUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + READY_TIMEOUT + " waiting for " + what);
            }
            try {
                Thread.sleep(POLL_INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
    }

    /** Waits for an admin result; failures surface as {@link IllegalStateException} with Kafka's error as cause. */
    private static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka admin request timed out after " + READY_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for a Kafka admin request", e);
        }
    }

    private static Properties brokerConfig(Path logDir, String host, int brokerPort, int controllerPort) {
        Map<String, String> c = new HashMap<>();
        // Combined mode with a static one-voter quorum: this node is the whole cluster.
        c.put("process.roles", "broker,controller");
        c.put("node.id", Integer.toString(NODE_ID));
        c.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        c.put("controller.listener.names", CONTROLLER_LISTENER);
        c.put("listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        c.put("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort);
        c.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        c.put("inter.broker.listener.name", BROKER_LISTENER);
        // One directory for both the metadata log and the partition logs.
        c.put("log.dirs", logDir.toString());
        c.put("metadata.log.dir", logDir.toString());

        // One replica and one partition for every internal topic: there is one broker, and fewer partitions
        // mean a faster first consumer-group join and first transaction.
        c.put("default.replication.factor", "1");
        c.put("min.insync.replicas", "1");
        c.put("num.partitions", "1");
        c.put("offsets.topic.replication.factor", "1");
        c.put("offsets.topic.num.partitions", "1");
        c.put("transaction.state.log.replication.factor", "1");
        c.put("transaction.state.log.min.isr", "1");
        c.put("transaction.state.log.num.partitions", "1");
        c.put("share.coordinator.state.topic.replication.factor", "1");
        c.put("share.coordinator.state.topic.min.isr", "1");
        c.put("share.coordinator.state.topic.num.partitions", "1");
        c.put("group.initial.rebalance.delay.ms", "0");
        c.put("auto.create.topics.enable", "false");
        // Keep every record: generated CDC carries commit times of 2024, which the default time retention (7 days
        // after the record timestamp) deletes at the first retention check, minutes in, taking the producers'
        // sequence state with it (OutOfOrderSequenceException) and the data from under a running job.
        c.put("log.retention.ms", "-1");

        // Few threads and little memory (the log cleaner's dedupe buffer defaults to 128 MiB).
        c.put("num.network.threads", "1");
        c.put("num.io.threads", "2");
        c.put("background.threads", "2");
        c.put("num.recovery.threads.per.data.dir", "1");
        c.put("num.replica.fetchers", "1");
        c.put("group.coordinator.threads", "1");
        c.put("share.coordinator.threads", "1");
        c.put("log.cleaner.threads", "1");
        c.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));

        Properties props = new Properties();
        props.putAll(c);
        return props;
    }

    /** What {@code kafka-storage.sh format} does: writes meta.properties and the bootstrap metadata snapshot. */
    private static void format(Path logDir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka storage in " + logDir, e);
        }
    }

    private static void recreate(Path dir) {
        try {
            Utils.delete(dir.toFile());
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not recreate " + dir, e);
        }
    }

    /**
     * Distinct ports free on the loopback interface right now. They are released before Kafka binds them, so
     * another process could take one in between; {@link #start} then tries again with new ports.
     */
    private static int[] freeLoopbackPorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on the loopback interface", e);
        } finally {
            for (ServerSocket socket : sockets) {
                Utils.closeQuietly(socket, "port probe");
            }
        }
    }

    private static Properties adminConfig(String bootstrapServers, Properties clientSecurity) {
        Properties props = new Properties();
        props.putAll(clientSecurity);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin");
        return props;
    }

    /** A JAAS option value in double quotes; JAAS reads backslash escapes inside them. */
    private static String jaasQuote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}

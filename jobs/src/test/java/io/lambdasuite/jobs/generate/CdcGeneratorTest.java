package io.lambdasuite.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdasuite.udfs.cdc.Action;
import io.lambdasuite.udfs.cdc.BadMessage;
import io.lambdasuite.udfs.cdc.EnvelopeParser;
import io.lambdasuite.udfs.cdc.ParsedChange;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.DimensionRow;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import io.lambdasuite.udfs.model.Table;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The generator against its contract: determinism, every valid message accepted by the real parser, every
 * malformed kind rejected with its reason, every promised trait present in a 5k-activity stream, and the NDJSON
 * and Kafka outputs.
 */
class CdcGeneratorTest {
    /**
     * The stream under test; {@code -Dgenerate.seed=N} checks the same promises for another seed. Dimension
     * changes at 5x the default rate, so 5k activities show every kind of change.
     */
    private static final GeneratorConfig FIVE_K = GeneratorConfig.builder()
            .activities(5_000).dimensionUpdateShare(0.01).seed(Long.getLong("generate.seed", 42L)).build();

    /** The 5k stream, in delivery order, with each message's parse result. */
    private static List<GeneratedMessage> stream;
    private static List<ParsedChange> parsed;

    @BeforeAll
    static void generateOnce() throws BadMessage {
        stream = generate(FIVE_K);
        parsed = new ArrayList<>(stream.size());
        EnvelopeParser parser = new EnvelopeParser();
        for (GeneratedMessage m : stream) {
            parsed.add(m.isMalformed() ? null : parser.parse(m.value));
        }
    }

    private static List<GeneratedMessage> generate(GeneratorConfig config) {
        List<GeneratedMessage> out = new ArrayList<>();
        new CdcGenerator(config).forEachRemaining(out::add);
        return out;
    }

    // ------------------------------------------------------------------ determinism

    @Test
    void sameSeedGivesTheSameBytes() {
        GeneratorConfig config = FIVE_K.toBuilder().activities(2_000).build();
        List<GeneratedMessage> a = generate(config);
        List<GeneratedMessage> b = generate(config);
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            GeneratedMessage x = a.get(i);
            GeneratedMessage y = b.get(i);
            assertThat(y.topic).isEqualTo(x.topic);
            assertThat(y.key).isEqualTo(x.key);
            assertThat(y.value).as("message %d", i).isEqualTo(x.value);
            assertThat(y.commitTimestamp).isEqualTo(x.commitTimestamp);
            assertThat(y.kind).isEqualTo(x.kind);
        }
    }

    @Test
    void anotherSeedGivesAnotherStream() {
        List<GeneratedMessage> a = generate(FIVE_K.toBuilder().activities(500).build());
        List<GeneratedMessage> b = generate(FIVE_K.toBuilder().activities(500).seed(FIVE_K.seed() + 1).build());
        long same = 0;
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            same += Arrays.equals(a.get(i).value, b.get(i).value) ? 1 : 0;
        }
        assertThat(same).isLessThan(a.size() / 10);
    }

    // ------------------------------------------------------------------ parsing

    @Test
    void everyValidMessageParsesAndIsKeyedByItsPrimaryKey() {
        int valid = 0;
        for (int i = 0; i < stream.size(); i++) {
            GeneratedMessage m = stream.get(i);
            if (m.isMalformed()) {
                continue;
            }
            valid++;
            ParsedChange p = parsed.get(i);
            assertThat(p.table.tableName()).isEqualTo(m.topic);
            String key = p.fact != null ? p.fact.activityId : p.dimension.id;
            assertThat(m.keyString()).isEqualTo(key);
            long commitTs = p.fact != null ? p.fact.commitTimestamp : p.dimension.commitTimestamp;
            assertThat(commitTs).isEqualTo(m.commitTimestamp);
        }
        assertThat(valid).isGreaterThan(5_000);
    }

    @Test
    void everyMalformedKindIsRejectedWithItsReason() {
        EnvelopeParser parser = new EnvelopeParser();
        Map<MalformedKind, Integer> seen = new TreeMap<>();
        for (GeneratedMessage m : stream) {
            MalformedKind kind = m.malformedKind();
            if (kind == null) {
                continue;
            }
            seen.merge(kind, 1, Integer::sum);
            assertThat(Table.byName(m.topic)).as("malformed messages go to real topics").isNotNull();
            assertThatThrownBy(() -> parser.parse(m.value))
                    .as("%s: %s", kind, abbreviate(m.value))
                    .isInstanceOfSatisfying(BadMessage.class,
                            e -> assertThat(e.reason()).isEqualTo(kind.expectedReason()));
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(MalformedKind.class));
        long malformed = seen.values().stream().mapToLong(Integer::longValue).sum();
        assertThat((double) malformed / stream.size()).isBetween(0.005, 0.02);
    }

    @Test
    void truncatedMessagesHaveNoNewlineAndOversizedOnesExceedOneMebibyte() {
        for (GeneratedMessage m : stream) {
            if (m.malformedKind() == MalformedKind.OVERSIZED) {
                assertThat(m.value.length).isGreaterThan(1 << 20);
            }
            for (byte b : m.value) {
                assertThat(b).isNotEqualTo((byte) '\n');
            }
        }
    }

    // ------------------------------------------------------------------ the database the stream describes

    @Test
    void commitLsnStrictlyIncreasesWithCommitOrderAndTheClockStaysInTheSpan() {
        TreeMap<Long, Long> tsByLsn = new TreeMap<>();
        Set<String> positions = new HashSet<>();
        for (int i = 0; i < stream.size(); i++) {
            ParsedChange p = parsed.get(i);
            if (p == null || stream.get(i).kind.equals(GeneratedMessage.DUPLICATE)) {
                continue;
            }
            long lsn = p.fact != null ? p.fact.commitLsn : p.dimension.commitLsn;
            int idx = p.fact != null ? p.fact.commitIdx : p.dimension.commitIdx;
            long ts = stream.get(i).commitTimestamp;
            assertThat(positions.add(lsn + ":" + idx)).as("one change per (lsn, idx)").isTrue();
            Long previous = tsByLsn.put(lsn, ts);
            assertThat(previous == null || previous == ts).as("one commit time per transaction").isTrue();
        }
        long last = Long.MIN_VALUE;
        for (long ts : tsByLsn.values()) {
            assertThat(ts).as("commit time follows commit order").isGreaterThanOrEqualTo(last);
            last = ts;
        }
        long start = FIVE_K.start().toEpochMilli();
        assertThat(tsByLsn.firstEntry().getValue()).isEqualTo(start);
        assertThat(last).isBetween(start + FIVE_K.spanMillis() * 9 / 10, start + FIVE_K.spanMillis() * 11 / 10);
        assertThat(tsByLsn.keySet().stream().filter(l -> positions.contains(l + ":1")).count())
                .as("multi-row transactions").isPositive();
    }

    @Test
    void containsTheDimensionsItIsMeantTo() {
        List<MemberRow> members = dimensions(MemberRow.class);
        assertThat(members).anyMatch(m -> m.isBot);
        assertThat(members).anyMatch(m -> m.isTeamMember);
        assertThat(members).anyMatch(m -> m.isOrganization);
        assertThat(members).anyMatch(m -> !m.isBot && !m.isTeamMember && !m.isOrganization);

        List<OrganizationRow> orgs = dimensions(OrganizationRow.class);
        Set<String> places = orgs.stream().flatMap(o -> Stream.of(o.country, o.location)).collect(Collectors.toSet());
        assertThat(places).contains("Germany", "Berlin, Germany", "Nigeria", "Niger", "US", "");

        List<SegmentRow> segments = dimensions(SegmentRow.class);
        assertThat(segments).anyMatch(s -> "archived".equals(s.status));
        assertThat(segments.stream().filter(s -> "active".equals(s.status)).count())
                .isGreaterThan(segments.size() / 2);
        assertThat(segments).anyMatch(s -> !s.parentId.isEmpty() && !s.grandparentId.isEmpty());

        List<RepositoryRow> repos = dimensions(RepositoryRow.class);
        assertThat(repos).anyMatch(r -> !r.enabled);
        assertThat(repos).anyMatch(r -> r.excluded);
        assertThat(repos).anyMatch(r -> r.deletedAt != null);
        assertThat(repos).anyMatch(RepositoryRow::usable);

        // unknown columns are there for the parser to ignore
        String firstMember =
                stream.stream().filter(m -> m.topic.equals("members")).findFirst().orElseThrow().valueString();
        assertThat(firstMember).contains("\"tenantId\"", "\"emails\"");
    }

    @Test
    void activitiesUseRepositoriesLikeRealPlatformsDo() {
        Set<String> urls = new HashSet<>();
        Set<String> exactUrls = new HashSet<>();
        for (RepositoryRow r : dimensions(RepositoryRow.class)) {
            urls.add(r.url.toLowerCase(Locale.ROOT));
            exactUrls.add(r.url);
        }
        boolean caseDiffers = false;
        boolean unknownChannel = false;
        Set<String> platforms = new HashSet<>();
        for (ActivityRow a : facts()) {
            platforms.add(a.platform);
            if (a.platform.equals("discord") || a.platform.equals("slack")) {
                assertThat(urls).doesNotContain(a.channel.toLowerCase(Locale.ROOT));
                continue;
            }
            String lower = a.channel.toLowerCase(Locale.ROOT);
            caseDiffers |= urls.contains(lower) && !exactUrls.contains(a.channel);
            unknownChannel |= !urls.contains(lower);
        }
        assertThat(platforms).contains("github", "git", "gitlab", "gerrit", "discord", "slack");
        assertThat(caseDiffers).as("channel in another letter case than the repository url").isTrue();
        assertThat(unknownChannel).as("a channel without a repository").isTrue();
    }

    @Test
    void containsEveryActivityTypeOfThePullRequestLifecycle() {
        List<ActivityRow> facts = facts();
        Set<String> types = facts.stream().map(a -> a.type).collect(Collectors.toSet());
        assertThat(types).contains("authored-commit", "issues-opened", "issue-comment",
                "pull_request-opened", "pull_request-assigned", "pull_request-review-requested",
                "pull_request-reviewed", "pull_request-closed", "pull_request-merged",
                "merge_request-opened", "merge_request-assigned", "merge_request-review-requested",
                "merge_request-review-approved", "merge_request-review-changes-requested", "merge_request-merged",
                "changeset-created", "changeset-merged", "patchset-created", "patchset_approval-created",
                "message");
        assertThat(facts).anyMatch(a -> a.pullRequestReviewState.equals("APPROVED"));
        assertThat(facts).anyMatch(a -> a.pullRequestReviewState.equals("CHANGES_REQUESTED"));
        assertThat(facts.stream().filter(a -> a.type.equals("patchset_approval-created")))
                .allMatch(a -> a.sourceParentId.matches("\\d+-\\d+"));
        assertThat(facts.stream().filter(a -> a.type.equals("pull_request-reviewed")))
                .allMatch(a -> a.sourceParentId.startsWith("gh-pr-"));
        Set<String> buckets = facts.stream().map(a -> a.gitChangedLinesBucket).collect(Collectors.toSet());
        assertThat(buckets).contains("", "1-9", "10-59", "60-99", "100-499", "500+");
        // child events come after their opened event on the platform
        Map<String, Long> opened = new HashMap<>();
        for (ActivityRow a : facts) {
            if (a.type.equals("pull_request-opened")) {
                opened.put(a.sourceId, a.timestamp);
            }
        }
        for (ActivityRow a : facts) {
            if (a.type.startsWith("pull_request-") && opened.containsKey(a.sourceParentId)) {
                assertThat(a.timestamp).isGreaterThan(opened.get(a.sourceParentId));
            }
        }
    }

    // ------------------------------------------------------------------ changes and delivery

    @Test
    void containsEveryChangeAndDeliveryTrait() {
        Set<Action> factActions = EnumSet.noneOf(Action.class);
        Set<Action> dimensionActions = EnumSet.noneOf(Action.class);
        Map<String, Version> newest = new HashMap<>();
        Map<String, Long> maxCommitSeen = new HashMap<>();
        long maxCommit = Long.MIN_VALUE;
        Set<String> seenValues = new HashSet<>();
        Set<String> dimensionsSeen = new HashSet<>();
        boolean updateMovesForward = false;
        boolean exactDuplicate = false;
        boolean outOfOrder = false;
        boolean late = false;
        boolean lateAfterDelete = false;
        Set<String> factBeforeDimension = new HashSet<>();
        Set<String> referenced = new HashSet<>();
        Set<String> repoUrlsSeen = new HashSet<>();
        Set<String> channelsUsed = new HashSet<>();

        for (int i = 0; i < stream.size(); i++) {
            GeneratedMessage m = stream.get(i);
            ParsedChange p = parsed.get(i);
            if (p == null) {
                continue;
            }
            String value = m.valueString();
            if (!seenValues.add(value)) {
                assertThat(m.kind).isEqualTo(GeneratedMessage.DUPLICATE);
                exactDuplicate = true;
                continue;
            }
            assertThat(m.kind).isEqualTo(GeneratedMessage.VALID);
            String key = m.topic + "/" + m.keyString();
            Version v = Version.of(p);
            Version before = newest.get(key);
            if (before != null) {
                if (v.compareTo(before) > 0) {
                    if (p.action == Action.UPDATE && v.updatedAt > before.updatedAt && v.lsn > before.lsn) {
                        updateMovesForward = true;
                    }
                } else {
                    // an older version after a newer one of the same key
                    if (maxCommit - m.commitTimestamp >= 3_600_000L) {
                        late = true;
                        lateAfterDelete |= before.deleted;
                    } else {
                        outOfOrder = true;
                    }
                }
            }
            if (before == null || v.compareTo(before) > 0) {
                newest.put(key, v);
            }
            maxCommit = Math.max(maxCommit, m.commitTimestamp);
            if (p.fact != null) {
                factActions.add(p.action);
                ActivityRow a = p.fact;
                noteReference(referenced, dimensionsSeen, factBeforeDimension, "members/" + a.memberId);
                if (!a.organizationId.isEmpty()) {
                    noteReference(referenced, dimensionsSeen, factBeforeDimension, "organizations/" + a.organizationId);
                }
                String channel = a.channel.toLowerCase(Locale.ROOT);
                if (channel.startsWith("https://") && !repoUrlsSeen.contains(channel)) {
                    channelsUsed.add(channel);
                }
            } else {
                dimensionActions.add(p.action);
                dimensionsSeen.add(key);
                if (p.dimension instanceof RepositoryRow) {
                    String url = ((RepositoryRow) p.dimension).url.toLowerCase(Locale.ROOT);
                    repoUrlsSeen.add(url);
                    if (channelsUsed.contains(url)) {
                        factBeforeDimension.add("repositories/" + url);
                    }
                }
            }
        }
        assertThat(factActions).containsExactlyInAnyOrder(Action.READ, Action.INSERT, Action.UPDATE, Action.DELETE);
        assertThat(dimensionActions).contains(Action.READ, Action.INSERT, Action.UPDATE, Action.DELETE);
        assertThat(updateMovesForward).as("an update moves updatedAt and commit_lsn forward").isTrue();
        assertThat(exactDuplicate).as("a byte-identical redelivery").isTrue();
        assertThat(outOfOrder).as("a newer version delivered before an older one").isTrue();
        assertThat(late).as("an old version delivered an hour or more later").isTrue();
        assertThat(lateAfterDelete).as("a late version of a deleted row").isTrue();
        assertThat(factBeforeDimension).as("facts delivered before their member, organization and repository")
                .anyMatch(k -> k.startsWith("members/"))
                .anyMatch(k -> k.startsWith("organizations/"))
                .anyMatch(k -> k.startsWith("repositories/"));
    }

    private static void noteReference(Set<String> referenced, Set<String> seen, Set<String> early, String key) {
        if (referenced.add(key) && !seen.contains(key)) {
            early.add(key);
        }
    }

    @Test
    void dimensionsChangeDuringTheStream() throws BadMessage {
        EnvelopeParser parser = new EnvelopeParser();
        Map<String, DimensionRow> last = new HashMap<>();
        Set<String> changes = new HashSet<>();
        for (int i = 0; i < stream.size(); i++) {
            if (parsed.get(i) == null || parsed.get(i).dimension == null
                    || stream.get(i).kind.equals(GeneratedMessage.DUPLICATE)) {
                continue;
            }
            ParsedChange p = parser.parse(stream.get(i).value); // a fresh row: resolving toast below changes it
            DimensionRow d = p.dimension;
            DimensionRow before = last.get(d.table() + "/" + d.id);
            // as the consumer does: toasted columns take the last known value (parse gives a fresh row each time)
            d.resolveToast(before);
            last.put(d.table() + "/" + d.id, d);
            if (before == null || p.action != Action.UPDATE) {
                continue;
            }
            if (d instanceof MemberRow && ((MemberRow) d).isBot && !((MemberRow) before).isBot) {
                changes.add("member-became-bot");
            }
            if (d instanceof SegmentRow && "archived".equals(((SegmentRow) d).status)
                    && "active".equals(((SegmentRow) before).status)) {
                changes.add("segment-archived");
            }
            if (d instanceof RepositoryRow && !((RepositoryRow) d).enabled && ((RepositoryRow) before).enabled) {
                changes.add("repository-disabled");
            }
        }
        assertThat(changes).containsExactlyInAnyOrder("member-became-bot", "segment-archived", "repository-disabled");
    }

    /** unchanged_toast appears in non-key columns of updates, and only once the previous version was delivered. */
    @Test
    void toastOnlyAfterThePreviousVersionWasDelivered() {
        Map<String, List<Delivered>> byKey = new HashMap<>();
        int toasted = 0;
        Set<Table> toastedTables = EnumSet.noneOf(Table.class);
        for (int i = 0; i < stream.size(); i++) {
            ParsedChange p = parsed.get(i);
            if (p == null || stream.get(i).kind.equals(GeneratedMessage.DUPLICATE)) {
                continue;
            }
            int mask = p.fact != null ? p.fact.toastMask : p.dimension.toastMask;
            if (mask != 0) {
                assertThat(p.action).isEqualTo(Action.UPDATE);
                toasted++;
                toastedTables.add(p.table);
            }
            byKey.computeIfAbsent(stream.get(i).topic + "/" + stream.get(i).keyString(), k -> new ArrayList<>())
                    .add(new Delivered(i, Version.of(p), mask != 0));
        }
        for (List<Delivered> versions : byKey.values()) {
            List<Delivered> byVersion = new ArrayList<>(versions);
            byVersion.sort(Comparator.comparing(d -> d.version));
            for (int k = 0; k < byVersion.size(); k++) {
                if (byVersion.get(k).toasted) {
                    assertThat(k).as("a toasted version has a previous version").isPositive();
                    assertThat(byVersion.get(k - 1).position).as("previous version delivered earlier")
                            .isLessThan(byVersion.get(k).position);
                }
            }
        }
        assertThat(toasted).isGreaterThan(10);
        assertThat(toastedTables).contains(Table.ACTIVITY_RELATIONS, Table.MEMBERS);
    }

    // ------------------------------------------------------------------ writers and command

    @Test
    void ndjsonLayoutIsOneDirectoryPerTopicWithRollingFiles(@TempDir Path dir) throws IOException {
        GeneratorConfig config = FIVE_K.toBuilder().activities(1_000).build();
        GenerationSummary first = NdjsonWriter.writeAll(new CdcGenerator(config), dir, "phase1", 300);
        GenerationSummary second =
                NdjsonWriter.writeAll(new CdcGenerator(config.toBuilder().seed(9).build()), dir, "phase2", 300);

        assertThat(first.messagesPerTopic().keySet())
                .containsExactlyInAnyOrder("activityRelations", "members", "organizations", "segments", "repositories");
        List<GeneratedMessage> expected = generate(config);
        for (Map.Entry<String, Long> e : first.messagesPerTopic().entrySet()) {
            Path topicDir = dir.resolve(e.getKey());
            List<Path> files;
            try (Stream<Path> s = Files.list(topicDir)) {
                files = s.sorted().collect(Collectors.toList());
            }
            assertThat(files).allMatch(f -> f.getFileName().toString().matches("phase[12]-\\d{5}\\.ndjson"));
            List<Path> phase1 = files.stream().filter(f -> f.getFileName().toString().startsWith("phase1-"))
                    .collect(Collectors.toList());
            assertThat(phase1.get(0).getFileName().toString()).isEqualTo("phase1-00000.ndjson");
            assertThat(phase1).hasSize((int) ((e.getValue() + 299) / 300));
            // the files hold exactly this topic's messages, in delivery order, one per '\n'-terminated line
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (Path f : phase1) {
                byte[] bytes = Files.readAllBytes(f);
                assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
                all.write(bytes);
            }
            java.io.ByteArrayOutputStream want = new java.io.ByteArrayOutputStream();
            for (GeneratedMessage m : expected) {
                if (m.topic.equals(e.getKey())) {
                    want.write(m.value);
                    want.write('\n');
                }
            }
            assertThat(all.toByteArray()).isEqualTo(want.toByteArray());
        }
        assertThat(first.messages()).isEqualTo(expected.size());
        assertThat(second.messages()).isPositive();
        assertThat(first.malformedByKind()).isNotEmpty();
        assertThatThrownBy(() -> NdjsonWriter.writeAll(new CdcGenerator(config), dir, "phase1", 300))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refusing to overwrite");
    }

    @Test
    void kafkaWriterKeysByPrimaryKeyAndStampsTheCommitTime() {
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        List<GeneratedMessage> messages = generate(FIVE_K.toBuilder().activities(300).build());
        try (KafkaWriter w = new KafkaWriter(producer)) {
            messages.forEach(w::write);
            w.flush();
            assertThat(w.summary().messages()).isEqualTo(messages.size());
        }
        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        assertThat(sent).hasSameSizeAs(messages);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(sent.get(i).topic()).isEqualTo(messages.get(i).topic);
            assertThat(sent.get(i).key()).isEqualTo(messages.get(i).key);
            assertThat(sent.get(i).value()).isEqualTo(messages.get(i).value);
            assertThat(sent.get(i).timestamp()).isEqualTo(messages.get(i).commitTimestamp);
        }
        assertThat(KafkaWriter.producerProperties("b:9092", null)).containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true");
    }

    @Test
    void generateCommandWritesFilesAndASummary(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new GenerateCommand()).setOut(new PrintWriter(out));
        int code = cli.execute("--activities", "400", "--seed", "3", "--start", "2024-06-01T12:00:00Z",
                "--hours", "1", "--out-dir", dir.toString(), "--file-prefix", "run", "--lines-per-file", "100");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("activityRelations", "malformed", "traits");
        assertThat(dir.resolve("activityRelations").resolve("run-00000.ndjson")).exists();
        assertThat(cli.execute("--activities", "10")).as("an output is required").isNotZero();
        assertThat(cli.execute("--activities", "10", "--out-dir", dir.toString(), "--bootstrap-servers", "x:1"))
                .as("only one output").isNotZero();
        assertThat(cli.execute("--malformed-share", "2", "--out-dir", dir.toString())).isNotZero();
    }

    @Test
    void configDerivesEntityCountsAndValidates() {
        GeneratorConfig d = GeneratorConfig.defaults();
        assertThat(d.seed()).isEqualTo(42);
        assertThat(d.start()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(d.members()).isEqualTo(500);
        assertThat(d.toBuilder().members(77).build().members()).isEqualTo(77);
        assertThatThrownBy(() -> GeneratorConfig.builder().lateShare(1.5).build())
                .hasMessageContaining("lateShare");
        // a tiny stream still works
        assertThat(generate(GeneratorConfig.builder().activities(3).build())).isNotEmpty();
        assertThat(generate(GeneratorConfig.builder().activities(0).malformedShare(0).build()))
                .noneMatch(GeneratedMessage::isMalformed);
    }

    // ------------------------------------------------------------------ helpers

    /** Parsed activity relations without toasted columns (those read as defaults until resolved). */
    private static List<ActivityRow> facts() {
        List<ActivityRow> out = new ArrayList<>();
        for (ParsedChange p : parsed) {
            if (p != null && p.fact != null && p.fact.toastMask == 0) {
                out.add(p.fact);
            }
        }
        return out;
    }

    private static <T extends DimensionRow> List<T> dimensions(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (ParsedChange p : parsed) {
            if (p != null && type.isInstance(p.dimension) && p.dimension.toastMask == 0) {
                out.add(type.cast(p.dimension));
            }
        }
        return out;
    }

    private static String abbreviate(byte[] value) {
        String s = new String(value, 0, Math.min(value.length, 300), StandardCharsets.UTF_8);
        return s + (value.length > 300 ? "..." : "");
    }

    /** The version triple of SPEC §2 plus the tombstone flag. */
    private static final class Version implements Comparable<Version> {
        final long updatedAt;
        final long lsn;
        final int idx;
        final boolean deleted;

        Version(long updatedAt, long lsn, int idx, boolean deleted) {
            this.updatedAt = updatedAt;
            this.lsn = lsn;
            this.idx = idx;
            this.deleted = deleted;
        }

        static Version of(ParsedChange p) {
            return p.fact != null
                    ? new Version(p.fact.updatedAt, p.fact.commitLsn, p.fact.commitIdx, p.fact.isDeleted)
                    : new Version(p.dimension.updatedAt, p.dimension.commitLsn, p.dimension.commitIdx,
                            p.dimension.isDeleted);
        }

        @Override
        public int compareTo(Version o) {
            int c = Long.compare(updatedAt, o.updatedAt);
            if (c == 0) {
                c = Long.compare(lsn, o.lsn);
            }
            return c != 0 ? c : Integer.compare(idx, o.idx);
        }
    }

    private static final class Delivered {
        final int position;
        final Version version;
        final boolean toasted;

        Delivered(int position, Version version, boolean toasted) {
            this.position = position;
            this.version = version;
            this.toasted = toasted;
        }
    }
}

package io.lambdasuite.udfs.cdc;

import static io.lambdasuite.udfs.cdc.SequinMessages.COMMIT_TS;
import static io.lambdasuite.udfs.cdc.SequinMessages.LSN;
import static io.lambdasuite.udfs.cdc.SequinMessages.UPDATED_AT;
import static io.lambdasuite.udfs.cdc.SequinMessages.activityInsert;
import static io.lambdasuite.udfs.cdc.SequinMessages.member;
import static io.lambdasuite.udfs.cdc.SequinMessages.organization;
import static io.lambdasuite.udfs.cdc.SequinMessages.repository;
import static io.lambdasuite.udfs.cdc.SequinMessages.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdasuite.udfs.cdc.BadMessage.Reason;
import io.lambdasuite.udfs.cdc.SequinMessages.Message;
import io.lambdasuite.udfs.model.ActivityColumns;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import io.lambdasuite.udfs.model.Table;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeParserTest {
    private static final long HOUR = 3_600_000L;
    /** 2024-05-01T11:00:00Z: the snapshot of UPDATED_AT (10:15 -> start of hour + 1 h). */
    private static final long SNAPSHOT = 1_714_561_200_000L;

    private final EnvelopeParser parser = new EnvelopeParser();

    private ParsedChange parse(Message m) throws BadMessage {
        return parser.parse(m.bytes());
    }

    private ActivityRow activity(Message m) throws BadMessage {
        ParsedChange c = parse(m);
        assertThat(c.table).isEqualTo(Table.ACTIVITY_RELATIONS);
        assertThat(c.dimension).isNull();
        return c.fact;
    }

    private Reason reasonOf(byte[] bytes) {
        BadMessage e = catchThrowableOfType(BadMessage.class, () -> parser.parse(bytes));
        assertThat(e).as("expected a BadMessage").isNotNull();
        return e.reason();
    }

    private Reason reasonOf(Message m) {
        return reasonOf(m.bytes());
    }

    @Nested
    class Actions {
        @Test
        void insertOfAnActivityGivesEveryColumnTheVersionAndThePureEnrichment() throws Exception {
            ParsedChange c = parse(activityInsert());
            assertThat(c.action).isEqualTo(Action.INSERT);
            ActivityRow r = c.fact;

            assertThat(r.activityId).isEqualTo("5d3c1a7e-2f9b-4c1e-9a61-0b8f3e2d7c11");
            assertThat(r.segmentId).isEqualTo("9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b");
            assertThat(r.timestamp).isEqualTo(Timestamps.parseMillis("2024-04-30T22:01:02Z"));
            assertThat(r.type).isEqualTo("pull_request-opened");
            assertThat(r.platform).isEqualTo("github");
            assertThat(r.channel).isEqualTo("https://github.com/octo/hello");
            assertThat(r.sourceId).isEqualTo("PR_kwDOAbc123");
            assertThat(r.createdAt).isEqualTo(Timestamps.parseMillis("2024-05-01T10:15:30.123Z"));
            assertThat(r.updatedAt).isEqualTo(UPDATED_AT);
            assertThat(r.memberId).isEqualTo("0f6e5a4b-1c2d-4e3f-8a9b-7c6d5e4f3a21");
            assertThat(r.organizationId).isEqualTo("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
            assertThat(r.username).isEqualTo("octocat");
            assertThat(r.sentimentScore).isEqualTo(72);
            assertThat(r.gitInsertions).isEqualTo(120);
            assertThat(r.gitDeletions).isEqualTo(30);
            assertThat(r.score).isEqualTo(4);
            assertThat(r.isContribution).isTrue();
            // JSON null becomes the column's default
            assertThat(r.conversationId).isEmpty();
            assertThat(r.objectMemberId).isEmpty();
            assertThat(r.objectMemberUsername).isEmpty();
            assertThat(r.parentId).isEmpty();
            assertThat(r.pullRequestReviewState).isEmpty();
            assertThat(r.sourceParentId).isEmpty();

            assertThat(r.commitLsn).isEqualTo(LSN);
            assertThat(r.commitIdx).isEqualTo(3);
            assertThat(r.commitTimestamp).isEqualTo(COMMIT_TS);
            assertThat(r.isDeleted).isFalse();
            assertThat(r.toastMask).isZero();

            assertThat(r.gitChangedLines).isEqualTo(150);
            assertThat(r.gitChangedLinesBucket).isEqualTo("100-499");
            assertThat(r.snapshotId).isEqualTo(SNAPSHOT);
            // dimension-dependent enrichment is left at its defaults for the joins
            assertThat(r.organizationCountryCode).isEqualTo("XX");
            assertThat(r.organizationName).isEmpty();
            assertThat(r.heldReason).isEmpty();
        }

        @Test
        void updateTakesTheNewRowFromRecordAndIgnoresTheOldValuesInChanges() throws Exception {
            Message m = activityInsert().action("update").with(x -> {
                x.record().put("gitInsertions", 5).put("updatedAt", "2024-05-01T12:00:00.000Z");
                ObjectNode changes = x.root.putObject("changes");
                changes.put("gitInsertions", 120).put("updatedAt", "2024-05-01T10:15:31.654321Z");
            });
            ParsedChange c = parse(m);
            assertThat(c.action).isEqualTo(Action.UPDATE);
            assertThat(c.fact.gitInsertions).isEqualTo(5);
            assertThat(c.fact.gitChangedLinesBucket).isEqualTo("10-59");
            assertThat(c.fact.updatedAt).isEqualTo(Timestamps.parseMillis("2024-05-01T12:00:00Z"));
            assertThat(c.fact.snapshotId).isEqualTo(Timestamps.parseMillis("2024-05-01T13:00:00Z"));
            assertThat(c.fact.isDeleted).isFalse();
        }

        @Test
        void deleteCarriesTheLastRowImageAsATombstone() throws Exception {
            ParsedChange c = parse(activityInsert().action("delete"));
            assertThat(c.action).isEqualTo(Action.DELETE);
            assertThat(c.fact.isDeleted).isTrue();
            assertThat(c.fact.dedupKey()).isEqualTo(parse(activityInsert()).fact.dedupKey());
            assertThat(c.fact.updatedAt).isEqualTo(UPDATED_AT);
        }

        @Test
        void readIsABackfillRowLikeAnInsert() throws Exception {
            ParsedChange c = parse(activityInsert().action("read"));
            assertThat(c.action).isEqualTo(Action.READ);
            assertThat(c.fact.isDeleted).isFalse();
        }

        @Test
        void actionAndTableNamesAreCaseInsensitive() throws Exception {
            ParsedChange c = parse(activityInsert().action("DELETE")
                    .with(x -> x.metadata().put("table_name", "ActivityRelations")));
            assertThat(c.action).isEqualTo(Action.DELETE);
            assertThat(c.table).isEqualTo(Table.ACTIVITY_RELATIONS);
        }

        @Test
        void dimensionDeleteIsATombstoneToo() throws Exception {
            ParsedChange c = parse(segment().action("delete"));
            assertThat(c.fact).isNull();
            assertThat(c.dimension.isDeleted).isTrue();
            assertThat(c.dimension.id).isEqualTo("9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b");
        }
    }

    @Nested
    class Dimensions {
        private MemberRow memberRow(Message m) throws BadMessage {
            ParsedChange c = parse(m);
            assertThat(c.table).isEqualTo(Table.MEMBERS);
            assertThat(c.fact).isNull();
            assertThat(c.dimension.table()).isEqualTo(Table.MEMBERS);
            return (MemberRow) c.dimension;
        }

        @Test
        void memberReadsTheDefaultFlagOfEachAttribute() throws Exception {
            MemberRow m = memberRow(member());
            assertThat(m.id).isEqualTo("0f6e5a4b-1c2d-4e3f-8a9b-7c6d5e4f3a21");
            assertThat(m.displayName).isEqualTo("Mona Octocat");
            assertThat(m.updatedAt).isEqualTo(UPDATED_AT);
            assertThat(m.isBot).isTrue();
            assertThat(m.isTeamMember).isFalse();
            assertThat(m.isOrganization).as("absent attribute").isFalse();
            assertThat(m.commitLsn).isEqualTo(LSN);
            assertThat(m.commitIdx).isEqualTo(3);
            assertThat(m.commitTimestamp).isEqualTo(COMMIT_TS);
            assertThat(m.isDeleted).isFalse();
            assertThat(m.toastMask).isZero();
            assertThat(m.snapshotId()).isEqualTo(SNAPSHOT);
        }

        @Test
        void memberAttributesMayArriveAsAJsonString() throws Exception {
            Message m = member().set("attributes",
                    "{\"isBot\":{\"default\":false},\"isTeamMember\":{\"default\":true},"
                            + "\"isOrganization\":{\"default\":true,\"github\":false}}");
            MemberRow row = memberRow(m);
            assertThat(row.isBot).isFalse();
            assertThat(row.isTeamMember).isTrue();
            assertThat(row.isOrganization).isTrue();
        }

        @Test
        void onlyTheDefaultSourceOfAnAttributeCounts() throws Exception {
            Message m = member().with(x -> x.record().putObject("attributes")
                    .putObject("isBot").put("github", true));
            assertThat(memberRow(m).isBot).isFalse();
        }

        @Test
        void memberFlagsAreFalseWhenAttributesAreNullOrAbsent() throws Exception {
            MemberRow nulls = memberRow(member().with(x -> x.record().putNull("attributes")));
            MemberRow absent = memberRow(member().without("attributes"));
            for (MemberRow m : new MemberRow[] {nulls, absent}) {
                assertThat(m.isBot).isFalse();
                assertThat(m.isTeamMember).isFalse();
                assertThat(m.isOrganization).isFalse();
            }
        }

        @Test
        void memberAttributesThatAreNotAnObjectAreAWrongType() {
            assertThat(reasonOf(member().with(x -> x.record().put("attributes", 7)))).isEqualTo(Reason.WRONG_TYPE);
            assertThat(reasonOf(member().set("attributes", "{not json"))).isEqualTo(Reason.WRONG_TYPE);
            assertThat(reasonOf(member().set("attributes", "[1,2]"))).isEqualTo(Reason.WRONG_TYPE);
            assertThat(reasonOf(member().with(x -> x.record().putObject("attributes")
                    .putObject("isBot").put("default", "maybe")))).isEqualTo(Reason.WRONG_TYPE);
        }

        @Test
        void organization() throws Exception {
            ParsedChange c = parse(SequinMessages.organization());
            assertThat(c.table).isEqualTo(Table.ORGANIZATIONS);
            OrganizationRow o = (OrganizationRow) c.dimension;
            assertThat(o.id).isEqualTo("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
            assertThat(o.displayName).isEqualTo("Acme Inc.");
            assertThat(o.country).isEmpty();
            assertThat(o.location).isEqualTo("Lagos, Nigeria");
            assertThat(o.updatedAt).isEqualTo(UPDATED_AT);
            assertThat(o.table()).isEqualTo(Table.ORGANIZATIONS);
        }

        @Test
        void segment() throws Exception {
            ParsedChange c = parse(SequinMessages.segment());
            assertThat(c.table).isEqualTo(Table.SEGMENTS);
            SegmentRow s = (SegmentRow) c.dimension;
            assertThat(s.id).isEqualTo("9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b");
            assertThat(s.slug).isEqualTo("hello");
            assertThat(s.name).isEqualTo("Hello");
            assertThat(s.status).isEqualTo("active");
            assertThat(s.parentId).isEqualTo("11111111-1111-4111-8111-111111111111");
            assertThat(s.grandparentId).isEqualTo("22222222-2222-4222-8222-222222222222");
            assertThat(s.table()).isEqualTo(Table.SEGMENTS);
        }

        private RepositoryRow repositoryRow(Message m) throws BadMessage {
            ParsedChange c = parse(m);
            assertThat(c.table).isEqualTo(Table.REPOSITORIES);
            return (RepositoryRow) c.dimension;
        }

        @Test
        void repositoryWithDeletedAtNullIsUsable() throws Exception {
            RepositoryRow r = repositoryRow(repository());
            assertThat(r.id).isEqualTo("33333333-3333-4333-8333-333333333333");
            assertThat(r.url).isEqualTo("https://github.com/octo/hello");
            assertThat(r.segmentId).isEqualTo("9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b");
            assertThat(r.enabled).isTrue();
            assertThat(r.excluded).isFalse();
            assertThat(r.deletedAt).isNull();
            assertThat(r.usable()).isTrue();
            assertThat(r.table()).isEqualTo(Table.REPOSITORIES);
        }

        @Test
        void repositoryWithDeletedAtSetIsSoftDeleted() throws Exception {
            RepositoryRow r = repositoryRow(repository().set("deletedAt", "2024-04-01T00:00:00Z"));
            assertThat(r.deletedAt).isEqualTo(Timestamps.parseMillis("2024-04-01T00:00:00Z"));
            assertThat(r.usable()).isFalse();
        }

        @Test
        void repositoryWithDeletedAtToastKeepsItForTheDedupStep() throws Exception {
            RepositoryRow r = repositoryRow(repository().set("deletedAt", EnvelopeParser.UNCHANGED_TOAST));
            assertThat(r.deletedAt).isNull();
            assertThat(r.toastMask).isEqualTo(RepositoryRow.DELETED_AT);
        }

        @Test
        void repositoryFlagsDefaultToEnabledAndNotExcluded() throws Exception {
            RepositoryRow r = repositoryRow(repository().without("enabled").without("excluded").without("deletedAt"));
            assertThat(r.enabled).isTrue();
            assertThat(r.excluded).isFalse();
            assertThat(r.deletedAt).isNull();
            RepositoryRow off = repositoryRow(repository().with(x -> x.record().put("enabled", false)
                    .put("excluded", true)));
            assertThat(off.enabled).isFalse();
            assertThat(off.excluded).isTrue();
            assertThat(off.usable()).isFalse();
        }

        @Test
        void repositoryDeletedAtThatIsNotATimestampIsInvalid() {
            assertThat(reasonOf(repository().set("deletedAt", "soon"))).isEqualTo(Reason.INVALID_TIMESTAMP);
        }
    }

    @Nested
    class Tolerance {
        @Test
        void unknownFieldsAnywhereAreIgnored() throws Exception {
            Message m = activityInsert().with(x -> {
                x.root.put("sequin_version", "0.9.1");
                x.root.putObject("extra").put("nested", true);
                x.metadata().putObject("sink").put("id", "s1").put("name", "kafka");
                x.record().put("someNewColumn", "v").putArray("tags").add("a");
            });
            assertThat(activity(m).activityId).isEqualTo("5d3c1a7e-2f9b-4c1e-9a61-0b8f3e2d7c11");
        }

        @Test
        void missingOptionalColumnsTakeTheirDefaults() throws Exception {
            Message m = activityInsert();
            for (String c : new String[] {"conversationId", "objectMemberId", "objectMemberUsername", "organizationId",
                "parentId", "sourceParentId", "channel", "sentimentScore", "gitInsertions", "gitDeletions", "score",
                "isContribution", "pullRequestReviewState"}) {
                m.without(c);
            }
            ActivityRow r = activity(m);
            assertThat(r.conversationId).isEmpty();
            assertThat(r.objectMemberId).isEmpty();
            assertThat(r.objectMemberUsername).isEmpty();
            assertThat(r.organizationId).isEmpty();
            assertThat(r.parentId).isEmpty();
            assertThat(r.sourceParentId).isEmpty();
            assertThat(r.channel).isEmpty();
            assertThat(r.pullRequestReviewState).isEmpty();
            assertThat(r.sentimentScore).isEqualTo(-1);
            assertThat(r.score).isEqualTo(-1);
            assertThat(r.gitInsertions).isZero();
            assertThat(r.gitDeletions).isZero();
            assertThat(r.gitChangedLines).isZero();
            assertThat(r.gitChangedLinesBucket).isEmpty();
            assertThat(r.isContribution).isFalse();
            assertThat(r.toastMask).isZero();
        }

        @Test
        void missingVersionMetadataDefaultsToZeroAndCommitTimeToUpdatedAt() throws Exception {
            Message m = activityInsert().with(x -> x.metadata().remove(
                    Arrays.asList("commit_lsn", "commit_idx", "commit_timestamp")));
            ActivityRow r = activity(m);
            assertThat(r.commitLsn).isZero();
            assertThat(r.commitIdx).isZero();
            assertThat(r.commitTimestamp).isEqualTo(UPDATED_AT);

            MemberRow d = (MemberRow) parse(member().with(x -> x.metadata().putNull("commit_timestamp"))).dimension;
            assertThat(d.commitTimestamp).isEqualTo(UPDATED_AT);
        }

        @Test
        void numbersMayArriveAsNumericStringsOrWholeFloats() throws Exception {
            Message m = activityInsert().with(x -> x.record().put("gitInsertions", "7").put("gitDeletions", 3.0)
                    .put("sentimentScore", "-5").put("isContribution", "FALSE"));
            ActivityRow r = activity(m);
            assertThat(r.gitInsertions).isEqualTo(7);
            assertThat(r.gitDeletions).isEqualTo(3);
            assertThat(r.sentimentScore).isEqualTo(-5);
            assertThat(r.isContribution).isFalse();
        }

        @Test
        void timestampsMayArriveAsEpochMillis() throws Exception {
            Message m = activityInsert().with(x -> x.record().put("updatedAt", UPDATED_AT));
            assertThat(activity(m).updatedAt).isEqualTo(UPDATED_AT);
        }

        @Test
        void rangeLimitsOfIntegerColumnsAreAccepted() throws Exception {
            Message m = activityInsert().with(x -> x.record().put("sentimentScore", -128).put("score", 127)
                    .put("gitInsertions", 0xFFFF_FFFFL).put("gitDeletions", 0));
            ActivityRow r = activity(m);
            assertThat(r.sentimentScore).isEqualTo(-128);
            assertThat(r.score).isEqualTo(127);
            assertThat(r.gitInsertions).isEqualTo(0xFFFF_FFFFL);
        }

        @Test
        void aMessageExactlyAtTheSizeLimitIsAccepted() throws Exception {
            byte[] bytes = activityInsert().bytes();
            assertThat(new EnvelopeParser(bytes.length).parse(bytes).fact).isNotNull();
        }
    }

    @Nested
    class Toast {
        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "activityId, 1",
            "conversationId, 2",
            "createdAt, 4",
            "memberId, 8",
            "objectMemberId, 16",
            "objectMemberUsername, 32",
            "organizationId, 64",
            "parentId, 128",
            "username, 256",
            "sourceParentId, 512",
            "sentimentScore, 1024",
            "gitInsertions, 2048",
            "gitDeletions, 4096",
            "score, 8192",
            "isContribution, 16384",
            "pullRequestReviewState, 32768",
        })
        void unchangedToastInANonKeyActivityColumnSetsItsBit(String column, int bit) throws Exception {
            ActivityRow r = activity(activityInsert().action("update").set(column, EnvelopeParser.UNCHANGED_TOAST));
            assertThat(r.toastMask).isEqualTo(bit);
            // the placeholder never reaches a column
            assertThat(Arrays.asList(r.activityId, r.conversationId, r.memberId, r.objectMemberId,
                    r.objectMemberUsername, r.organizationId, r.parentId, r.username, r.sourceParentId,
                    r.pullRequestReviewState)).doesNotContain(EnvelopeParser.UNCHANGED_TOAST);
        }

        @Test
        void theBitsAreTheActivityColumnsConstants() throws Exception {
            Message m = activityInsert().action("update").set("memberId", EnvelopeParser.UNCHANGED_TOAST)
                    .set("createdAt", EnvelopeParser.UNCHANGED_TOAST).set("gitInsertions", EnvelopeParser.UNCHANGED_TOAST)
                    .set("isContribution", EnvelopeParser.UNCHANGED_TOAST);
            ActivityRow r = activity(m);
            assertThat(r.toastMask).isEqualTo(ActivityColumns.MEMBER_ID | ActivityColumns.CREATED_AT
                    | ActivityColumns.GIT_INSERTIONS | ActivityColumns.IS_CONTRIBUTION);
            assertThat(r.memberId).isEmpty();
            assertThat(r.createdAt).isZero();
            assertThat(r.gitInsertions).isZero();
            assertThat(r.isContribution).isFalse();
        }

        @Test
        void dimensionColumnsSetTheirOwnBits() throws Exception {
            String toast = EnvelopeParser.UNCHANGED_TOAST;
            MemberRow m = (MemberRow) parse(member().set("displayName", toast).set("attributes", toast)).dimension;
            assertThat(m.toastMask).isEqualTo(MemberRow.DISPLAY_NAME | MemberRow.ATTRIBUTES);
            assertThat(m.displayName).isEmpty();
            assertThat(m.isBot).isFalse();

            OrganizationRow o = (OrganizationRow) parse(
                    organization().set("displayName", toast).set("country", toast).set("location", toast)).dimension;
            assertThat(o.toastMask).isEqualTo(OrganizationRow.DISPLAY_NAME | OrganizationRow.COUNTRY
                    | OrganizationRow.LOCATION);
            assertThat(o.location).isEmpty();

            SegmentRow s = (SegmentRow) parse(segment().set("slug", toast).set("name", toast).set("status", toast)
                    .set("parentId", toast).set("grandparentId", toast)).dimension;
            assertThat(s.toastMask).isEqualTo(SegmentRow.SLUG | SegmentRow.NAME | SegmentRow.STATUS
                    | SegmentRow.PARENT_ID | SegmentRow.GRANDPARENT_ID);
            assertThat(s.status).isEmpty();

            RepositoryRow r = (RepositoryRow) parse(repository().set("url", toast).set("segmentId", toast)
                    .set("enabled", toast).set("excluded", toast)).dimension;
            assertThat(r.toastMask).isEqualTo(RepositoryRow.URL | RepositoryRow.SEGMENT_ID | RepositoryRow.ENABLED
                    | RepositoryRow.EXCLUDED);
            assertThat(r.url).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"segmentId", "timestamp", "type", "platform", "channel", "sourceId", "updatedAt"})
        void unchangedToastInAKeyColumnOrUpdatedAtIsBadInput(String column) {
            assertThat(reasonOf(activityInsert().set(column, EnvelopeParser.UNCHANGED_TOAST)))
                    .isEqualTo(Reason.TOAST_IN_KEY);
        }

        @Test
        void unchangedToastInADimensionKeyOrUpdatedAtIsBadInput() {
            for (Supplier<Message> m : Arrays.<Supplier<Message>>asList(SequinMessages::member,
                    SequinMessages::organization, SequinMessages::segment, SequinMessages::repository)) {
                assertThat(reasonOf(m.get().set("id", EnvelopeParser.UNCHANGED_TOAST))).isEqualTo(Reason.TOAST_IN_KEY);
                assertThat(reasonOf(m.get().set("updatedAt", EnvelopeParser.UNCHANGED_TOAST)))
                        .isEqualTo(Reason.TOAST_IN_KEY);
            }
        }
    }

    @Nested
    class BadMessages {
        @Test
        void emptyAndTruncatedJsonAreMalformed() {
            byte[] whole = activityInsert().bytes();
            assertThat(reasonOf(Arrays.copyOf(whole, whole.length / 2))).isEqualTo(Reason.MALFORMED_JSON);
            assertThat(reasonOf(Arrays.copyOf(whole, whole.length - 1))).isEqualTo(Reason.MALFORMED_JSON);
            assertThat(reasonOf(new byte[0])).isEqualTo(Reason.MALFORMED_JSON);
            assertThat(reasonOf((byte[]) null)).isEqualTo(Reason.MALFORMED_JSON);
            assertThat(reasonOf("{\"record\": {,}}".getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(Reason.MALFORMED_JSON);
        }

        @Test
        void trailingContentAfterTheEnvelopeIsMalformed() {
            // two envelopes glued together, or a line with junk after it, is not one message
            String one = activityInsert().toString();
            assertThat(reasonOf((one + one).getBytes(StandardCharsets.UTF_8))).isEqualTo(Reason.MALFORMED_JSON);
            assertThat(reasonOf((one + " xyz").getBytes(StandardCharsets.UTF_8))).isEqualTo(Reason.MALFORMED_JSON);
        }

        @Test
        void bytesThatAreNotUtf8AreInvalidUtf8() {
            // "Jos\xE9" (Latin-1) inside a string value, and a stray 0xFF byte
            assertThat(reasonOf(withRawUsername(new byte[] {'J', 'o', 's', (byte) 0xE9})))
                    .isEqualTo(Reason.INVALID_UTF8);
            assertThat(reasonOf(withRawUsername(new byte[] {'a', (byte) 0xFF, 'b'}))).isEqualTo(Reason.INVALID_UTF8);
            assertThat(reasonOf(withRawUsername(new byte[] {(byte) 0xC3}))).isEqualTo(Reason.INVALID_UTF8);
        }

        private byte[] withRawUsername(byte[] raw) {
            String json = activityInsert().set("username", "@@RAW@@").toString();
            int at = json.indexOf("@@RAW@@");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(raw);
            out.writeBytes(json.substring(at + 7).getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }

        @ParameterizedTest
        @ValueSource(strings = {"[1, 2]", "\"record\"", "42", "null", "true"})
        void aValueThatIsNotAnObjectIsRejected(String json) {
            assertThat(reasonOf(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(Reason.NOT_AN_OBJECT);
        }

        @Test
        void missingNullOrNonObjectRecordIsMissingRecord() {
            assertThat(reasonOf(activityInsert().with(x -> x.root.remove("record")))).isEqualTo(Reason.MISSING_RECORD);
            assertThat(reasonOf(activityInsert().with(x -> x.root.putNull("record")))).isEqualTo(Reason.MISSING_RECORD);
            assertThat(reasonOf(activityInsert().with(x -> x.root.put("record", "{}"))))
                    .isEqualTo(Reason.MISSING_RECORD);
        }

        @Test
        void missingOrNonObjectMetadataIsMissingMetadata() {
            assertThat(reasonOf(activityInsert().with(x -> x.root.remove("metadata"))))
                    .isEqualTo(Reason.MISSING_METADATA);
            assertThat(reasonOf(activityInsert().with(x -> x.root.putNull("metadata"))))
                    .isEqualTo(Reason.MISSING_METADATA);
        }

        @Test
        void unknownOrMissingActionIsUnknownAction() {
            assertThat(reasonOf(activityInsert().action("truncate"))).isEqualTo(Reason.UNKNOWN_ACTION);
            assertThat(reasonOf(activityInsert().with(x -> x.root.remove("action")))).isEqualTo(Reason.UNKNOWN_ACTION);
            assertThat(reasonOf(activityInsert().with(x -> x.root.put("action", 1)))).isEqualTo(Reason.UNKNOWN_ACTION);
        }

        @Test
        void unknownOrMissingTableIsUnknownTable() {
            assertThat(reasonOf(activityInsert().with(x -> x.metadata().put("table_name", "users"))))
                    .isEqualTo(Reason.UNKNOWN_TABLE);
            assertThat(reasonOf(activityInsert().with(x -> x.metadata().remove("table_name"))))
                    .isEqualTo(Reason.UNKNOWN_TABLE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"activityId", "createdAt", "updatedAt", "memberId", "platform", "segmentId", "username",
            "sourceId", "type", "timestamp"})
        void aMissingOrNullRequiredActivityColumnIsMissingField(String column) {
            assertThat(reasonOf(activityInsert().without(column))).isEqualTo(Reason.MISSING_FIELD);
            assertThat(reasonOf(activityInsert().with(x -> x.record().putNull(column))))
                    .isEqualTo(Reason.MISSING_FIELD);
        }

        @Test
        void aDimensionWithoutIdOrUpdatedAtIsMissingField() {
            for (Supplier<Message> m : Arrays.<Supplier<Message>>asList(SequinMessages::member,
                    SequinMessages::organization, SequinMessages::segment, SequinMessages::repository)) {
                assertThat(reasonOf(m.get().without("id"))).isEqualTo(Reason.MISSING_FIELD);
                assertThat(reasonOf(m.get().without("updatedAt"))).isEqualTo(Reason.MISSING_FIELD);
            }
        }

        @Test
        void wrongTypesAreRejected() {
            assertThat(reasonOf(activityInsert().set("gitInsertions", "lots"))).isEqualTo(Reason.WRONG_TYPE);
            assertThat(reasonOf(activityInsert().with(x -> x.record().put("segmentId", 42))))
                    .isEqualTo(Reason.WRONG_TYPE);
            assertThat(reasonOf(activityInsert().with(x -> x.record().put("channel", true))))
                    .isEqualTo(Reason.WRONG_TYPE);
            assertThat(reasonOf(activityInsert().with(x -> x.record().put("score", 1.5)))).isEqualTo(Reason.WRONG_TYPE);
            assertThat(reasonOf(activityInsert().set("isContribution", "yes"))).isEqualTo(Reason.WRONG_TYPE);
            assertThat(reasonOf(activityInsert().with(x -> x.record().put("isContribution", 1))))
                    .isEqualTo(Reason.WRONG_TYPE);
            assertThat(reasonOf(organization().with(x -> x.record().putObject("country"))))
                    .isEqualTo(Reason.WRONG_TYPE);
            assertThat(reasonOf(activityInsert().with(x -> x.metadata().put("commit_idx", "third"))))
                    .isEqualTo(Reason.WRONG_TYPE);
        }

        @Test
        void outOfRangeIntegersAreAWrongType() {
            assertThat(reasonOf(activityInsert().with(x -> x.record().put("sentimentScore", 128))))
                    .isEqualTo(Reason.WRONG_TYPE);
            assertThat(reasonOf(activityInsert().with(x -> x.record().put("sentimentScore", -129))))
                    .isEqualTo(Reason.WRONG_TYPE);
            assertThat(reasonOf(activityInsert().with(x -> x.record().put("gitInsertions", -1))))
                    .isEqualTo(Reason.WRONG_TYPE);
            assertThat(reasonOf(activityInsert().with(x -> x.record().put("gitDeletions", 0x1_0000_0000L))))
                    .isEqualTo(Reason.WRONG_TYPE);
            assertThat(reasonOf(activityInsert().with(x -> x.record().put("score", 1e30))))
                    .isEqualTo(Reason.WRONG_TYPE);
        }

        @Test
        void invalidTimestampsAreRejected() {
            assertThat(reasonOf(activityInsert().set("createdAt", "yesterday"))).isEqualTo(Reason.INVALID_TIMESTAMP);
            assertThat(reasonOf(activityInsert().set("timestamp", "2024-13-01T00:00:00Z")))
                    .isEqualTo(Reason.INVALID_TIMESTAMP);
            assertThat(reasonOf(activityInsert().set("updatedAt", "2024-02-30 10:00:00+00")))
                    .isEqualTo(Reason.INVALID_TIMESTAMP);
            assertThat(reasonOf(activityInsert().with(x -> x.record().put("updatedAt", true))))
                    .isEqualTo(Reason.INVALID_TIMESTAMP);
            assertThat(reasonOf(activityInsert().with(x -> x.metadata().put("commit_timestamp", "now"))))
                    .isEqualTo(Reason.INVALID_TIMESTAMP);
            assertThat(reasonOf(member().set("updatedAt", ""))).isEqualTo(Reason.INVALID_TIMESTAMP);
        }

        @Test
        void aMessageOverTheSizeLimitIsOversized() {
            byte[] bytes = activityInsert().bytes();
            BadMessage e = catchThrowableOfType(BadMessage.class, () -> new EnvelopeParser(bytes.length - 1).parse(bytes));
            assertThat(e.reason()).isEqualTo(Reason.OVERSIZED);
            assertThat(e.reason().code()).isEqualTo("oversized");

            byte[] huge = activityInsert().set("username", "x".repeat(EnvelopeParser.DEFAULT_MAX_MESSAGE_BYTES)).bytes();
            assertThat(reasonOf(huge)).isEqualTo(Reason.OVERSIZED);
        }

        @Test
        void reasonCodesAreStableKebabCase() {
            for (Reason r : Reason.values()) {
                assertThat(r.code()).matches("[a-z0-9]+(-[a-z0-9]+)*");
            }
            assertThat(Reason.TOAST_IN_KEY.code()).isEqualTo("unchanged-toast-in-key");
        }
    }

    @Nested
    class CommitLsn {
        /** 0x16_B374_D848: the LSN Postgres prints as 16/B374D848. */
        private static final long PG_LSN = 97_500_059_720L;

        private long lsnOf(Message m) throws BadMessage {
            return parse(m).fact.commitLsn;
        }

        @Test
        void integerNumericStringAndPostgresFormAreTheSamePosition() throws Exception {
            assertThat(PG_LSN).isEqualTo(0x16_B374_D848L);
            assertThat(lsnOf(activityInsert().with(x -> x.metadata().put("commit_lsn", PG_LSN)))).isEqualTo(PG_LSN);
            assertThat(lsnOf(activityInsert().with(x -> x.metadata().put("commit_lsn", "97500059720"))))
                    .isEqualTo(PG_LSN);
            assertThat(lsnOf(activityInsert().with(x -> x.metadata().put("commit_lsn", "16/B374D848"))))
                    .isEqualTo(PG_LSN);
            assertThat(lsnOf(activityInsert().with(x -> x.metadata().put("commit_lsn", "16/b374d848"))))
                    .isEqualTo(PG_LSN);
        }

        @Test
        void postgresFormOrdersByBothHalves() throws Exception {
            long low = lsnOf(activityInsert().with(x -> x.metadata().put("commit_lsn", "0/FFFFFFFF")));
            long high = lsnOf(activityInsert().with(x -> x.metadata().put("commit_lsn", "1/0")));
            assertThat(low).isEqualTo(0xFFFF_FFFFL);
            assertThat(high).isEqualTo(1L << 32);
            assertThat(high).isGreaterThan(low);
        }

        @Test
        void dimensionsGetTheSameLsn() throws Exception {
            assertThat(parse(member().with(x -> x.metadata().put("commit_lsn", "16/B374D848"))).dimension.commitLsn)
                    .isEqualTo(PG_LSN);
        }

        @ParameterizedTest
        @ValueSource(strings = {"abc", "zz/1", "1/", "/1", "1/1FFFFFFFF", "100000000/0", "80000000/0", "-1/0", "1/-1", ""})
        void anythingElseIsAWrongType(String lsn) {
            assertThat(reasonOf(activityInsert().with(x -> x.metadata().put("commit_lsn", lsn))))
                    .isEqualTo(Reason.WRONG_TYPE);
        }

        @Test
        void nonTextNonIntegerLsnIsAWrongType() {
            assertThat(reasonOf(activityInsert().with(x -> x.metadata().put("commit_lsn", 1.5))))
                    .isEqualTo(Reason.WRONG_TYPE);
            assertThat(reasonOf(activityInsert().with(x -> x.metadata().put("commit_lsn", true))))
                    .isEqualTo(Reason.WRONG_TYPE);
            assertThat(reasonOf(activityInsert().with(x -> x.metadata()
                    .put("commit_lsn", new BigInteger("18446744073709551616")))))
                    .isEqualTo(Reason.WRONG_TYPE);
        }
    }

    @Test
    void theParserIsSerializableAndWorksAfterARoundTrip() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new EnvelopeParser(4096));
        }
        EnvelopeParser copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (EnvelopeParser) in.readObject();
        }
        assertThat(((MemberRow) copy.parse(member().bytes()).dimension).isBot).isTrue();
        assertThat(catchThrowableOfType(BadMessage.class,
                () -> copy.parse(activityInsert().set("username", "x".repeat(5000)).bytes())).reason())
                .isEqualTo(Reason.OVERSIZED);
    }

    @Test
    void theFixtureSnapshotIsTheHourAfterUpdatedAt() {
        assertThat(SNAPSHOT - Timestamps.parseMillis("2024-05-01T10:00:00Z")).isEqualTo(HOUR);
    }
}

package io.lambdasuite.jobs.stream;

import static io.lambdasuite.jobs.stream.TestRows.AT_09_00;
import static io.lambdasuite.jobs.stream.TestRows.AT_10_00;
import static io.lambdasuite.jobs.stream.TestRows.AT_11_00;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.ActivityRowSerializer;
import io.lambdasuite.udfs.model.DeadLetter;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.PullRequestEvent;
import io.lambdasuite.udfs.model.PullRequestEventSerializer;
import io.lambdasuite.udfs.model.PullRequestRecord;
import io.lambdasuite.udfs.model.RawMessage;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentAggregateRow;
import io.lambdasuite.udfs.model.SegmentRow;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.CompositeType;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every record that sits in state or travels between operators is a Flink POJO serialized without Kryo
 * (STYLE: {@code pipeline.generic-types} off), and its serializer round-trips every field.
 */
class PojoSerializationTest {

    static Stream<Arguments> records() {
        return Stream.of(
                arguments(ActivityRow.class, activity()),
                arguments(MemberRow.class, member()),
                arguments(OrganizationRow.class, organization()),
                arguments(SegmentRow.class, segment()),
                arguments(RepositoryRow.class, repository()),
                arguments(DeadLetter.class, deadLetter()),
                arguments(RawMessage.class, rawMessage()),
                arguments(RepositoryDelta.class, new RepositoryDelta("s1", "https://github.com/acme/widgets", -1, 1)),
                arguments(SegmentSideInput.class, sideInputWithBoth()),
                arguments(PullRequestEvent.class, pullRequestEvent()),
                arguments(PullRequestRecord.class, pullRequestRecord()),
                arguments(SegmentAggregateRow.class, new SegmentAggregateRow("s1", 12, 3, 1_714_543_200_000L)));
    }

    /** The record types with their own serializer, and that serializer. */
    private static final Map<Class<?>, Class<?>> OWN_SERIALIZERS = Map.of(
            ActivityRow.class, ActivityRowSerializer.class,
            PullRequestEvent.class, PullRequestEventSerializer.class);

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    <T> void stateOfAnEarlierBuildInThePojoFormatIsMigrated(Class<T> type, T populated) throws Exception {
        if (!OWN_SERIALIZERS.containsKey(type)) {
            return;
        }
        TypeSerializer<T> pojo = pojoTypeOfEarlierBuilds(type).createSerializer(noGenericTypes());
        assertThat(pojo).isInstanceOf(PojoSerializer.class);
        TypeSerializer<T> own = TypeInformation.of(type).createSerializer(noGenericTypes());

        assertThat(own.snapshotConfiguration().resolveSchemaCompatibility(pojo.snapshotConfiguration())
                .isCompatibleAfterMigration()).isTrue();
        // what a migration does: read with the old serializer, write with the new one
        T migrated = roundTrip(own, roundTrip(pojo, populated));
        assertThat(migrated).usingRecursiveComparison().isEqualTo(populated);
    }

    /**
     * The type information builds before a record's own serializer had: Flink's POJO type of its public fields
     * (strings, longs, ints, booleans), for state written by them.
     */
    static <T> TypeInformation<T> pojoTypeOfEarlierBuilds(Class<T> type) {
        Map<String, TypeInformation<?>> fields = new java.util.LinkedHashMap<>();
        for (Field f : type.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                fields.put(f.getName(), f.getType() == String.class ? Types.STRING : f.getType() == long.class
                        ? Types.LONG : f.getType() == int.class ? Types.INT : Types.BOOLEAN);
            }
        }
        TypeInformation<T> pojo = Types.POJO(type, fields);
        assertThat(pojo).isInstanceOf(PojoTypeInfo.class);
        return pojo;
    }

    private static SerializerConfigImpl noGenericTypes() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        return config;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    <T> void isAPojoWithoutKryoAnywhere(Class<T> type, T unused) {
        TypeInformation<T> info = TypeInformation.of(type);
        if (OWN_SERIALIZERS.containsKey(type)) {
            // the records of the hottest hops and states have serializers of their own (strings as blocks)
            assertThat(info.createSerializer(noGenericTypes())).isInstanceOf(OWN_SERIALIZERS.get(type));
            return;
        }

        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        assertNoGenericType(info, type.getSimpleName());
        TypeSerializer<T> serializer = info.createSerializer(noGenericTypes()); // throws on any generic type
        assertThat(serializer).isInstanceOf(PojoSerializer.class).isNotInstanceOf(KryoSerializer.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    <T> void everyPublicFieldIsAPojoField(Class<T> type, T unused) {
        if (OWN_SERIALIZERS.containsKey(type)) {
            return; // its serializer's field list is checked by the round trips of a fully populated row
        }
        List<String> publicFields = new ArrayList<>();
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isPublic(m) && !Modifier.isStatic(m) && !Modifier.isTransient(m)) {
                    publicFields.add(f.getName());
                }
            }
        }
        PojoTypeInfo<T> info = (PojoTypeInfo<T>) TypeInformation.of(type);

        assertThat(List.of(info.getFieldNames())).containsExactlyInAnyOrderElementsOf(publicFields);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    <T> void aFullyPopulatedInstanceSurvivesARoundTrip(Class<T> type, T populated) throws Exception {
        assertFullyPopulated(populated);
        TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(noGenericTypes());

        T copy = roundTrip(serializer, populated);

        assertThat(copy).isNotSameAs(populated).usingRecursiveComparison().isEqualTo(populated);
        assertThat(serializer.copy(populated)).usingRecursiveComparison().isEqualTo(populated);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    <T> void aDefaultInstanceSurvivesARoundTrip(Class<T> type, T unused) throws Exception {
        T fresh = type.getDeclaredConstructor().newInstance(); // nulls where the type allows them
        TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(noGenericTypes());

        assertThat(roundTrip(serializer, fresh)).usingRecursiveComparison().isEqualTo(fresh);
    }

    @Test
    void aSideInputCarryingOnlyASegmentOrOnlyADeltaSurvivesARoundTrip() throws Exception {
        TypeSerializer<SegmentSideInput> serializer =
                TypeInformation.of(SegmentSideInput.class).createSerializer(noGenericTypes());

        SegmentSideInput segmentOnly = roundTrip(serializer, SegmentSideInput.of(segment()));
        SegmentSideInput deltaOnly = roundTrip(serializer, SegmentSideInput.of(new RepositoryDelta("s1", "u", 1, 0)));

        assertThat(segmentOnly.repository).isNull();
        assertThat(segmentOnly.key()).isEqualTo("s1");
        assertThat(deltaOnly.segment).isNull();
        assertThat(deltaOnly.key()).isEqualTo("s1");
    }

    @Test
    void theWaitingFactsStateTypeHasNoKryo() throws Exception {
        TypeInformation<List<ActivityRow>> info = Types.LIST(TypeInformation.of(ActivityRow.class));
        TypeSerializer<List<ActivityRow>> serializer = info.createSerializer(noGenericTypes());

        List<ActivityRow> facts = List.of(activity(), new ActivityRow());
        assertThat(roundTrip(serializer, facts)).usingRecursiveComparison().isEqualTo(facts);
    }

    @Test
    void activityRowStringsComeBackExactlyWhateverTheirCharacters() throws Exception {
        TypeSerializer<ActivityRow> serializer = TypeInformation.of(ActivityRow.class).createSerializer(noGenericTypes());
        String[] values = {"", "a", "ümlaut ß", "日本語", "emoji \uD83D\uDE00 pair", "lone \uD800 high", "lone \uDFFF low",
            "nul \u0000 inside", "x".repeat(127), "y".repeat(128), "z".repeat(70_000), "\u07FF\u0800\uFFFF"};
        for (String v : values) {
            ActivityRow r = activity();
            r.organizationName = v;
            r.username = v + v;
            ActivityRow back = roundTrip(serializer, r);
            assertThat(back.organizationName).isEqualTo(v);
            assertThat(back.username).isEqualTo(v + v);
            assertThat(back).usingRecursiveComparison().isEqualTo(r);
        }
        ActivityRow withNulls = activity();
        withNulls.memberId = null;
        withNulls.repositoryReason = null;
        assertThat(roundTrip(serializer, withNulls)).usingRecursiveComparison().isEqualTo(withNulls);
    }

    @Test
    void activityRowSerializerSnapshotRestoresACompatibleSerializer() throws Exception {
        TypeSerializer<ActivityRow> serializer = TypeInformation.of(ActivityRow.class).createSerializer(noGenericTypes());
        DataOutputSerializer out = new DataOutputSerializer(64);
        org.apache.flink.api.common.typeutils.TypeSerializerSnapshot.writeVersionedSnapshot(out,
                serializer.snapshotConfiguration());
        org.apache.flink.api.common.typeutils.TypeSerializerSnapshot<ActivityRow> read =
                org.apache.flink.api.common.typeutils.TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(read.restoreSerializer()).isEqualTo(serializer);
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
        assertThat(serializer.duplicate()).isNotSameAs(serializer).isEqualTo(serializer);
    }

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getSharedBuffer(), 0, out.length());
        T read = serializer.deserialize(in);
        assertThat(in.available()).as("every serialized byte is read back").isZero();
        return read;
    }

    private static void assertNoGenericType(TypeInformation<?> info, String path) {
        assertThat(info).as("%s is serialized with Kryo", path).isNotInstanceOf(GenericTypeInfo.class);
        if (info instanceof CompositeType) {
            CompositeType<?> composite = (CompositeType<?>) info;
            for (int i = 0; i < composite.getArity(); i++) {
                String name = info instanceof PojoTypeInfo ? ((PojoTypeInfo<?>) info).getPojoFieldAt(i).getField().getName()
                        : String.valueOf(i);
                assertNoGenericType(composite.getTypeAt(i), path + "." + name);
            }
        }
    }

    /**
     * Every public field differs from its value in a fresh instance, so a round trip that drops or mixes up a
     * field cannot pass unnoticed; a field added to a type later fails here until the fixture sets it.
     */
    private static void assertFullyPopulated(Object populated) throws Exception {
        Object fresh = populated.getClass().getDeclaredConstructor().newInstance();
        for (Class<?> c = populated.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isPublic(m) || Modifier.isStatic(m)) {
                    continue;
                }
                Object value = f.get(populated);
                assertThat(value).as("%s.%s is set", c.getSimpleName(), f.getName()).isNotNull();
                assertThat(Objects.deepEquals(value, f.get(fresh)))
                        .as("%s.%s differs from its default", c.getSimpleName(), f.getName()).isFalse();
                if (value instanceof SegmentRow || value instanceof RepositoryDelta) {
                    assertFullyPopulated(value);
                }
            }
        }
    }

    static PullRequestEvent pullRequestEvent() {
        ActivityRow r = activity();
        r.isDeleted = true;
        PullRequestEvent e = PullRequestEvent.of(r);
        e.pullRequestKey = "gh-pr-1";
        return e;
    }

    static PullRequestRecord pullRequestRecord() {
        PullRequestRecord r = new PullRequestRecord();
        r.id = "act-1";
        r.sourceId = "gh-pr-1";
        r.openedAt = AT_09_00;
        r.segmentId = "s1";
        r.channel = "https://github.com/acme/widgets";
        r.memberId = "m1";
        r.organizationId = "o1";
        r.gitChangedLinesBucket = "10-59";
        r.platform = "github";
        r.assignedAt = AT_09_00 + 1;
        r.reviewRequestedAt = AT_09_00 + 2;
        r.reviewedAt = AT_09_00 + 3;
        r.approvedAt = AT_09_00 + 4;
        r.closedAt = AT_09_00 + 5;
        r.mergedAt = AT_09_00 + 6;
        r.resolvedAt = AT_09_00 + 7;
        r.assignedInSeconds = 1L;
        r.reviewRequestedInSeconds = 2L;
        r.reviewedInSeconds = 3L;
        r.closedInSeconds = 4L;
        r.mergedInSeconds = 5L;
        r.resolvedInSeconds = 6L;
        r.numberOfPatchsets = 7L;
        r.snapshotId = AT_11_00;
        r.commitTimestamp = AT_10_00;
        r.revision = 3;
        r.isDeleted = true;
        return r;
    }

    static ActivityRow activity() {
        ActivityRow r = new ActivityRow();
        r.activityId = "a1";
        r.conversationId = "c1";
        r.createdAt = AT_09_00;
        r.updatedAt = AT_10_00;
        r.memberId = "m1";
        r.objectMemberId = "m2";
        r.objectMemberUsername = "bob";
        r.organizationId = "o1";
        r.parentId = "a0";
        r.platform = "github";
        r.segmentId = "s1";
        r.username = "alice";
        r.sourceId = "src-1";
        r.type = "pull_request-reviewed";
        r.timestamp = AT_09_00 + 1;
        r.sourceParentId = "src-0";
        r.channel = "https://github.com/acme/widgets";
        r.sentimentScore = 80;
        r.gitInsertions = 4_000_000_000L;
        r.gitDeletions = 7;
        r.score = 5;
        r.isContribution = true;
        r.pullRequestReviewState = "APPROVED";
        r.commitLsn = 123_456_789_012L;
        r.commitIdx = 3;
        r.isDeleted = true;
        r.heldReason = "member-bot";
        r.gitChangedLines = 4_000_000_007L;
        r.gitChangedLinesBucket = "500+";
        r.organizationName = "Acme";
        r.organizationCountryCode = "DE";
        r.snapshotId = AT_11_00;
        r.toastMask = 0b101;
        r.commitTimestamp = AT_10_00 + 5;
        r.memberReason = "member-bot";
        r.segmentReason = "segment-inactive";
        r.repositoryReason = "repository-disabled";
        return r;
    }

    private static <D extends io.lambdasuite.udfs.model.DimensionRow> D versioned(D d, String id) {
        d.id = id;
        d.updatedAt = AT_10_00;
        d.commitLsn = 42;
        d.commitIdx = 2;
        d.isDeleted = true;
        d.commitTimestamp = AT_10_00 + 3;
        d.toastMask = 1;
        return d;
    }

    static MemberRow member() {
        MemberRow m = versioned(new MemberRow(), "m1");
        m.displayName = "Alice";
        m.isBot = true;
        m.isTeamMember = true;
        m.isOrganization = true;
        return m;
    }

    static OrganizationRow organization() {
        OrganizationRow o = versioned(new OrganizationRow(), "o1");
        o.displayName = "Acme";
        o.country = "Germany";
        o.location = "Berlin";
        o.countryCode = "DE";
        return o;
    }

    static SegmentRow segment() {
        SegmentRow s = versioned(new SegmentRow(), "s1");
        s.slug = "acme";
        s.name = "Acme";
        s.status = "archived";
        s.parentId = "p1";
        s.grandparentId = "g1";
        return s;
    }

    static RepositoryRow repository() {
        RepositoryRow r = versioned(new RepositoryRow(), "r1");
        r.url = "https://github.com/acme/widgets";
        r.segmentId = "s1";
        r.enabled = false;
        r.excluded = true;
        r.deletedAt = AT_09_00;
        return r;
    }

    static DeadLetter deadLetter() {
        DeadLetter d = new DeadLetter();
        d.topic = "activityRelations";
        d.partition = 3;
        d.offset = 99;
        d.file = "/in/activityRelations/part-0.ndjson";
        d.reason = "malformed-json";
        d.detail = "unexpected end of input";
        d.raw = new byte[] {'{', (byte) 0xff, 0, '"'}; // not UTF-8, kept as bytes
        d.rejectedAt = AT_11_00;
        return d;
    }

    static RawMessage rawMessage() {
        return new RawMessage("members", 2, 77, "/in/members/part-0.ndjson",
                "{\"record\":{}}".getBytes(StandardCharsets.UTF_8));
    }

    static SegmentSideInput sideInputWithBoth() {
        SegmentSideInput in = new SegmentSideInput();
        in.segment = segment();
        in.repository = new RepositoryDelta("s1", "https://github.com/acme/widgets", 1, -1);
        return in;
    }
}

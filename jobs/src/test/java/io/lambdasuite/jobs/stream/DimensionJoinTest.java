package io.lambdasuite.jobs.stream;

import static io.lambdasuite.jobs.stream.TestRows.AT_08_00;
import static io.lambdasuite.jobs.stream.TestRows.AT_09_00;
import static io.lambdasuite.jobs.stream.TestRows.AT_10_00;
import static io.lambdasuite.jobs.stream.TestRows.AT_10_30;
import static io.lambdasuite.jobs.stream.TestRows.AT_11_00;
import static io.lambdasuite.jobs.stream.TestRows.fact;
import static io.lambdasuite.jobs.stream.TestRows.member;
import static io.lambdasuite.jobs.stream.TestRows.organization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.DimensionRow;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.rules.Validity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The keyed dimension joins (SPEC §3): facts are enriched from the current dimension version, wait for a
 * dimension they reference but that is not known yet, and are released by its arrival or by their deadline.
 */
class DimensionJoinTest {
    private static final Duration WAIT = Duration.ofMinutes(10);
    /** The deadline of a fact committed at 10:00 while no watermark has been seen. */
    private static final long DEADLINE_OF_10_00 = AT_10_00 + WAIT.toMillis();

    /** A running join of one dimension type, with the helpers every scenario needs. */
    static final class Join<D extends DimensionRow> implements AutoCloseable {
        final KeyedTwoInputStreamOperatorTestHarness<String, ActivityRow, D, ActivityRow> harness;
        private final OutputTag<D> versions;

        Join(DimensionJoin<D> function, KeySelector<ActivityRow, String> factKey, OutputTag<D> versions,
                OperatorSubtaskState restoreFrom) throws Exception {
            this.versions = versions;
            harness = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(function), factKey,
                    (KeySelector<D, String>) d -> d.id, Types.STRING);
            harness.setup();
            if (restoreFrom != null) {
                harness.initializeState(restoreFrom);
            }
            harness.open();
        }

        void fact(ActivityRow f) throws Exception {
            harness.processElement1(f, f.commitTimestamp);
        }

        void dimension(D d) throws Exception {
            harness.processElement2(d, d.commitTimestamp);
        }

        void watermark(long t) throws Exception {
            harness.processBothWatermarks(new Watermark(t));
        }

        List<ActivityRow> emitted() {
            return harness.extractOutputValues();
        }

        List<D> versions() {
            List<D> out = new ArrayList<>();
            Queue<StreamRecord<D>> q = harness.getSideOutput(versions);
            if (q != null) {
                q.forEach(r -> out.add(r.getValue()));
            }
            return out;
        }

        int stateEntries() {
            return harness.numKeyedStateEntries();
        }

        int timers() {
            return harness.numEventTimeTimers();
        }

        int waiting(String key) throws Exception {
            return KeyedStateProbe.waitingFacts(harness, key);
        }

        OperatorSubtaskState snapshot() throws Exception {
            return harness.snapshot(1L, 1L);
        }

        @Override
        public void close() throws Exception {
            harness.close();
        }
    }

    static Join<MemberRow> memberJoin(OperatorSubtaskState restoreFrom) throws Exception {
        return new Join<>(new MemberJoin(WAIT), JoinKeys::member, Tags.MEMBER_VERSIONS, restoreFrom);
    }

    static Join<OrganizationRow> organizationJoin(OperatorSubtaskState restoreFrom) throws Exception {
        return new Join<>(new OrganizationJoin(WAIT), JoinKeys::organization, Tags.ORGANIZATION_VERSIONS, restoreFrom);
    }

    private static String versionOf(DimensionRow d) {
        return d.id + "@" + d.updatedAt + "/" + d.commitLsn + "/" + d.commitIdx + (d.isDeleted ? " deleted" : "");
    }

    @Nested
    class Members {
        private Join<MemberRow> join;

        @BeforeEach
        void open() throws Exception {
            join = memberJoin(null);
        }

        @AfterEach
        void close() throws Exception {
            join.close();
        }

        static Stream<Arguments> memberKinds() {
            return Stream.of(
                    arguments("a human member passes", member("m1").build(), ""),
                    arguments("a bot is held", member("m1").bot().build(), Validity.MEMBER_BOT),
                    arguments("a team member is held", member("m1").teamMember().build(), Validity.MEMBER_TEAM),
                    arguments("an organization account is held", member("m1").organizationAccount().build(),
                            Validity.MEMBER_ORGANIZATION));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("memberKinds")
        void aFactAfterItsMemberIsEnrichedAtOnce(String scenario, MemberRow m, String reason) throws Exception {
            join.dimension(m);
            join.fact(fact("a1").member("m1").build());

            assertThat(join.emitted()).singleElement().satisfies(f -> assertThat(f.memberReason).isEqualTo(reason));
            assertThat(join.timers()).isZero();
            assertThat(join.waiting("m1")).isZero();
        }

        @Test
        void aFactBeforeItsMemberWaitsAndIsReleasedEnrichedWhenTheMemberArrives() throws Exception {
            join.fact(fact("a1").member("m1").build());

            assertThat(join.emitted()).isEmpty();
            assertThat(join.waiting("m1")).isEqualTo(1);
            assertThat(join.timers()).isEqualTo(1);

            join.dimension(member("m1").bot().build());

            assertThat(join.emitted()).singleElement()
                    .satisfies(f -> assertThat(f.memberReason).isEqualTo(Validity.MEMBER_BOT));
            assertThat(join.waiting("m1")).isZero();
            assertThat(join.timers()).isZero();
            assertThat(join.stateEntries()).as("only the member version is left").isEqualTo(1);
        }

        @Test
        void everyFactWaitingOnOneMemberIsReleasedAndEveryDeadlineTimerDeleted() throws Exception {
            join.fact(fact("a1").member("m1").build());
            join.fact(fact("a2").member("m1").updatedAt(AT_10_30).build());
            join.fact(fact("a3").member("m1").updatedAt(AT_10_30).build()); // same deadline as a2: one timer
            assertThat(join.timers()).isEqualTo(2);

            join.dimension(member("m1").build());

            assertThat(join.emitted()).extracting(f -> f.activityId + ":" + f.memberReason)
                    .containsExactlyInAnyOrder("a1:", "a2:", "a3:");
            assertThat(join.timers()).isZero();
            assertThat(join.waiting("m1")).isZero();
        }

        @Test
        void aFactWhoseDeadlinePassesIsEmittedAsMemberUnknownAndLeavesNoState() throws Exception {
            join.fact(fact("a1").member("ghost").build());
            join.watermark(DEADLINE_OF_10_00 - 1);
            assertThat(join.emitted()).isEmpty();

            join.watermark(DEADLINE_OF_10_00);

            assertThat(join.emitted()).singleElement()
                    .satisfies(f -> assertThat(f.memberReason).isEqualTo(Validity.MEMBER_UNKNOWN));
            assertThat(join.stateEntries()).isZero();
            assertThat(join.timers()).isZero();
        }

        @Test
        void aWatermarkOnOneInputAloneDoesNotReleaseAWaitingFact() throws Exception {
            join.fact(fact("a1").member("ghost").build());

            join.harness.processWatermark1(new Watermark(DEADLINE_OF_10_00 + 1));
            assertThat(join.emitted()).as("the dimension input has not advanced").isEmpty();

            join.harness.processWatermark2(new Watermark(DEADLINE_OF_10_00 + 1));
            assertThat(join.emitted()).singleElement()
                    .satisfies(f -> assertThat(f.memberReason).isEqualTo(Validity.MEMBER_UNKNOWN));
            assertThat(join.timers()).isZero();
        }

        @Test
        void aLateFactWaitsFromTheCurrentWatermarkNotFromItsOwnCommitTime() throws Exception {
            join.watermark(AT_11_00);
            join.fact(fact("a1").member("ghost").build()); // committed at 10:00, an hour behind the watermark

            join.watermark(AT_11_00 + WAIT.toMillis() - 1);
            assertThat(join.emitted()).isEmpty();
            join.watermark(AT_11_00 + WAIT.toMillis());
            assertThat(join.emitted()).hasSize(1);
        }

        @Test
        void aMemberArrivingAfterTheDeadlineIsStoredButDoesNotReEmitTheFact() throws Exception {
            join.fact(fact("a1").member("m1").build());
            join.watermark(DEADLINE_OF_10_00);
            join.dimension(member("m1").build());

            assertThat(join.emitted()).singleElement()
                    .satisfies(f -> assertThat(f.memberReason).isEqualTo(Validity.MEMBER_UNKNOWN));
            join.fact(fact("a2").member("m1").build());
            assertThat(join.emitted()).extracting(f -> f.activityId + ":" + f.memberReason)
                    .containsExactly("a1:" + Validity.MEMBER_UNKNOWN, "a2:");
        }

        @Test
        void aMemberUpdateAppliesToLaterFactsAndGoesToTheVersionsSideOutput() throws Exception {
            MemberRow human = member("m1").version(AT_08_00, 10, 0).build();
            MemberRow nowABot = member("m1").version(AT_09_00, 20, 0).bot().build();
            join.dimension(human);
            join.fact(fact("a1").member("m1").build());
            join.dimension(nowABot);
            join.fact(fact("a2").member("m1").build());

            assertThat(join.emitted()).extracting(f -> f.activityId + ":" + f.memberReason)
                    .containsExactly("a1:", "a2:" + Validity.MEMBER_BOT);
            assertThat(join.versions()).extracting(DimensionJoinTest::versionOf)
                    .containsExactly(versionOf(human), versionOf(nowABot));
        }

        @Test
        void aStaleMemberVersionIsIgnoredAndNotReEmitted() throws Exception {
            MemberRow bot = member("m1").version(AT_09_00, 20, 0).bot().build();
            join.dimension(bot);
            join.dimension(member("m1").version(AT_08_00, 30, 0).build()); // older updatedAt, arrives later
            join.dimension(member("m1").version(AT_09_00, 20, 0).build()); // duplicate triple
            join.fact(fact("a1").member("m1").build());

            assertThat(join.emitted()).singleElement()
                    .satisfies(f -> assertThat(f.memberReason).isEqualTo(Validity.MEMBER_BOT));
            assertThat(join.versions()).extracting(DimensionJoinTest::versionOf).containsExactly(versionOf(bot));
        }

        @Test
        void aMemberTombstoneMakesLaterFactsMemberUnknownAndCannotBeResurrectedByAnOlderVersion() throws Exception {
            join.dimension(member("m1").version(AT_08_00, 10, 0).build());
            join.dimension(member("m1").version(AT_10_00, 30, 0).deleted().build());
            join.dimension(member("m1").version(AT_09_00, 20, 0).build()); // older than the tombstone
            join.fact(fact("a1").member("m1").build());

            assertThat(join.emitted()).singleElement()
                    .satisfies(f -> assertThat(f.memberReason).isEqualTo(Validity.MEMBER_UNKNOWN));
            assertThat(join.versions()).extracting(d -> d.isDeleted).containsExactly(false, true);
        }

        @Test
        void aTombstoneArrivingForAWaitingFactReleasesItAsMemberUnknown() throws Exception {
            join.fact(fact("a1").member("m1").build());
            join.dimension(member("m1").deleted().build());

            assertThat(join.emitted()).singleElement()
                    .satisfies(f -> assertThat(f.memberReason).isEqualTo(Validity.MEMBER_UNKNOWN));
            assertThat(join.timers()).isZero();
        }

        @Test
        void tombstoneFactsPassStraightThroughWithoutStateOrTimers() throws Exception {
            join.fact(fact("a1").member("m-not-yet-known").deleted().build());

            assertThat(join.emitted()).singleElement().satisfies(f -> {
                assertThat(f.isDeleted).isTrue();
                assertThat(f.memberReason).isEmpty();
            });
            assertThat(join.stateEntries()).isZero();
            assertThat(join.timers()).isZero();
        }

        @Test
        void aFactWithoutAMemberIsMemberUnknownAtOnce() throws Exception {
            join.fact(fact("a1").member("").build());

            assertThat(join.emitted()).singleElement()
                    .satisfies(f -> assertThat(f.memberReason).isEqualTo(Validity.MEMBER_UNKNOWN));
            assertThat(join.timers()).isZero();
        }

        @Test
        void toastedMemberAttributesAreFilledFromTheKeptVersion() throws Exception {
            join.dimension(member("m1").version(AT_08_00, 10, 0).bot().build());
            join.dimension(member("m1").version(AT_09_00, 20, 0)
                    .with(m -> {
                        m.displayName = "Renamed";
                        m.toastMask = MemberRow.ATTRIBUTES; // attributes not sent: isBot stays true
                    }).build());
            join.fact(fact("a1").member("m1").build());

            assertThat(join.emitted()).singleElement()
                    .satisfies(f -> assertThat(f.memberReason).isEqualTo(Validity.MEMBER_BOT));
            assertThat(join.versions().get(1).isBot).isTrue();
            assertThat(join.versions().get(1).toastMask).isZero();
        }

        @Test
        void aRestoredJoinKeepsItsWaitingFactsItsTimersAndItsMembers() throws Exception {
            join.dimension(member("m1").build());
            join.fact(fact("a1").member("m2").build());
            join.fact(fact("a2").member("m3").build());
            OperatorSubtaskState snapshot = join.snapshot();
            join.close();

            join = memberJoin(snapshot);
            assertThat(join.timers()).isEqualTo(2);
            join.fact(fact("a3").member("m1").build()); // the member survived the restore
            join.dimension(member("m2").bot().build()); // releases the fact that waited across the restore
            join.watermark(DEADLINE_OF_10_00); // m3 never arrives

            assertThat(join.emitted()).extracting(f -> f.activityId + ":" + f.memberReason)
                    .containsExactly("a3:", "a1:" + Validity.MEMBER_BOT, "a2:" + Validity.MEMBER_UNKNOWN);
            assertThat(join.timers()).isZero();
            assertThat(join.waiting("m2")).isZero();
            assertThat(join.waiting("m3")).isZero();
        }
    }

    @Nested
    class Organizations {
        private Join<OrganizationRow> join;

        @BeforeEach
        void open() throws Exception {
            join = organizationJoin(null);
        }

        @AfterEach
        void close() throws Exception {
            join.close();
        }

        @Test
        void aFactAfterItsOrganizationGetsItsNameAndCountryCode() throws Exception {
            join.dimension(organization("o1").named("Acme").in("Germany", "").build());
            join.fact(fact("a1").organization("o1").build());

            assertThat(join.emitted()).singleElement().satisfies(f -> {
                assertThat(f.organizationName).isEqualTo("Acme");
                assertThat(f.organizationCountryCode).isEqualTo("DE");
            });
        }

        @Test
        void theCountryCodeFallsBackToTheLocationAndIsPublishedWithTheVersion() throws Exception {
            join.dimension(organization("o1").in("", "Lagos, Nigeria").build());
            join.fact(fact("a1").organization("o1").build());

            assertThat(join.emitted().get(0).organizationCountryCode).isEqualTo("NG");
            assertThat(join.versions()).singleElement().satisfies(o -> assertThat(o.countryCode).isEqualTo("NG"));
        }

        @Test
        void anUnknownCountryIsXX() throws Exception {
            join.dimension(organization("o1").in("", "Remote").build());
            join.fact(fact("a1").organization("o1").build());

            assertThat(join.emitted().get(0).organizationCountryCode).isEqualTo("XX");
        }

        @Test
        void aFactBeforeItsOrganizationWaitsAndIsReleasedEnriched() throws Exception {
            join.fact(fact("a1").organization("o1").build());
            assertThat(join.emitted()).isEmpty();
            assertThat(join.timers()).isEqualTo(1);

            join.dimension(organization("o1").named("Acme").in("Germany", "").build());

            assertThat(join.emitted()).singleElement().satisfies(f -> {
                assertThat(f.organizationName).isEqualTo("Acme");
                assertThat(f.organizationCountryCode).isEqualTo("DE");
            });
            assertThat(join.timers()).isZero();
            assertThat(join.waiting("o1")).isZero();
        }

        @Test
        void aFactWhoseOrganizationNeverArrivesGetsNoNameAndXX() throws Exception {
            join.fact(fact("a1").organization("o-missing").build());
            join.watermark(DEADLINE_OF_10_00);

            assertThat(join.emitted()).singleElement().satisfies(f -> {
                assertThat(f.organizationName).isEmpty();
                assertThat(f.organizationCountryCode).isEqualTo("XX");
            });
            assertThat(join.stateEntries()).isZero();
            assertThat(join.timers()).isZero();
        }

        @Test
        void aFactWithoutAnOrganizationIsEnrichedAtOnceWithNoNameAndXX() throws Exception {
            join.fact(fact("a1").organization("").build());

            assertThat(join.emitted()).singleElement().satisfies(f -> {
                assertThat(f.organizationName).isEmpty();
                assertThat(f.organizationCountryCode).isEqualTo("XX");
            });
            assertThat(join.timers()).isZero();
        }

        @Test
        void aRenamedOrganizationAppliesToLaterFacts() throws Exception {
            join.dimension(organization("o1").named("Acme").version(AT_08_00, 10, 0).build());
            join.dimension(organization("o1").named("Acme GmbH").in("", "Paris, France").version(AT_09_00, 20, 0).build());
            join.dimension(organization("o1").named("Stale").version(AT_08_00, 15, 0).build());
            join.fact(fact("a1").organization("o1").build());

            assertThat(join.emitted()).singleElement().satisfies(f -> {
                assertThat(f.organizationName).isEqualTo("Acme GmbH");
                assertThat(f.organizationCountryCode).isEqualTo("FR");
            });
            assertThat(join.versions()).hasSize(2);
        }

        @Test
        void aDeletedOrganizationGivesNoNameAndXX() throws Exception {
            join.dimension(organization("o1").version(AT_08_00, 10, 0).build());
            join.dimension(organization("o1").version(AT_09_00, 20, 0).deleted().build());
            join.fact(fact("a1").organization("o1").build());

            assertThat(join.emitted()).singleElement().satisfies(f -> {
                assertThat(f.organizationName).isEmpty();
                assertThat(f.organizationCountryCode).isEqualTo("XX");
            });
        }

        @Test
        void tombstoneFactsPassStraightThrough() throws Exception {
            join.fact(fact("a1").organization("o-unknown").deleted().build());

            assertThat(join.emitted()).hasSize(1);
            assertThat(join.stateEntries()).isZero();
            assertThat(join.timers()).isZero();
        }

        @Test
        void aRestoredJoinKeepsWaitingFactsAndTheOrganization() throws Exception {
            join.dimension(organization("o1").named("Acme").in("Germany", "").build());
            join.fact(fact("a1").organization("o2").build());
            OperatorSubtaskState snapshot = join.snapshot();
            join.close();

            join = organizationJoin(snapshot);
            join.fact(fact("a2").organization("o1").build());
            join.dimension(organization("o2").named("Globex").in("France", "").build());

            assertThat(join.emitted()).extracting(f -> f.activityId + ":" + f.organizationName + ":" + f.organizationCountryCode)
                    .containsExactly("a2:Acme:DE", "a1:Globex:FR");
            assertThat(join.timers()).isZero();
        }
    }
}

package io.lambdasuite.udfs.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.Versioned;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VersionOrderTest {
    private static final long T0 = 1_714_558_531_654L;
    private static final long T1 = T0 + 1;

    private static ActivityRow v(long updatedAt, long lsn, int idx) {
        ActivityRow r = new ActivityRow();
        r.updatedAt = updatedAt;
        r.commitLsn = lsn;
        r.commitIdx = idx;
        return r;
    }

    @Test
    void updatedAtDecidesFirstEvenAgainstAGreaterLsn() {
        assertThat(VersionOrder.compare(v(T1, 1, 0), v(T0, 999, 9))).isPositive();
        assertThat(VersionOrder.compare(v(T0, 999, 9), v(T1, 1, 0))).isNegative();
    }

    @Test
    void lsnDecidesWhenUpdatedAtIsEqual() {
        assertThat(VersionOrder.compare(v(T0, 2, 0), v(T0, 1, 9))).isPositive();
        assertThat(VersionOrder.compare(v(T0, 1, 9), v(T0, 2, 0))).isNegative();
    }

    @Test
    void commitIdxDecidesWhenUpdatedAtAndLsnAreEqual() {
        assertThat(VersionOrder.compare(v(T0, 5, 1), v(T0, 5, 0))).isPositive();
        assertThat(VersionOrder.compare(v(T0, 5, 0), v(T0, 5, 1))).isNegative();
    }

    @Test
    void anEqualTripleIsTheSameVersionWhateverElseDiffers() {
        ActivityRow a = v(T0, 5, 1);
        ActivityRow b = v(T0, 5, 1);
        b.isDeleted = true;
        b.activityId = "other";
        assertThat(VersionOrder.compare(a, b)).isZero();
        assertThat(VersionOrder.isNewer(b, a)).as("a duplicate is not newer").isFalse();
    }

    @Test
    void isNewerAgainstNothingKnownIsTrue() {
        assertThat(VersionOrder.isNewer(v(T0, 0, 0), null)).isTrue();
        assertThat(VersionOrder.isNewer(v(T1, 0, 0), v(T0, 0, 0))).isTrue();
        assertThat(VersionOrder.isNewer(v(T0, 0, 0), v(T1, 0, 0))).as("a late older version changes nothing").isFalse();
    }

    @Test
    void negativeAndExtremeValuesCompareNumerically() {
        assertThat(VersionOrder.compare(-1, 0, 0, 0, 0, 0)).isNegative();
        assertThat(VersionOrder.compare(0, Long.MAX_VALUE, 0, 0, Long.MIN_VALUE, 0)).isPositive();
        assertThat(VersionOrder.compare(0, 0, Integer.MIN_VALUE, 0, 0, Integer.MAX_VALUE)).isNegative();
    }

    @Test
    void factsAndDimensionsUseTheSameRule() {
        MemberRow m = new MemberRow();
        m.updatedAt = T0;
        m.commitLsn = 5;
        m.commitIdx = 2;
        assertThat(VersionOrder.compare(m, v(T0, 5, 1))).isPositive();
        assertThat(VersionOrder.compare(m, v(T0, 5, 2))).isZero();
    }

    @Test
    void arrivalOrderNeverDecides() {
        List<Versioned> versions = new ArrayList<>();
        for (long t : new long[] {T0, T1}) {
            for (long lsn = 0; lsn < 3; lsn++) {
                for (int idx = 0; idx < 3; idx++) {
                    versions.add(v(t, lsn, idx));
                }
            }
        }
        Versioned expected = versions.get(versions.size() - 1);
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            Collections.shuffle(versions, random);
            Versioned latest = null;
            for (Versioned candidate : versions) {
                if (VersionOrder.isNewer(candidate, latest)) {
                    latest = candidate;
                }
            }
            assertThat(latest).isSameAs(expected);
        }
    }

    @Test
    void compareIsAntisymmetricAndAgreesWithTheLongOverload() {
        long[][] triples = {{T0, 1, 0}, {T0, 1, 1}, {T0, 2, 0}, {T1, 0, 0}, {T1, 0, 0}};
        for (long[] a : triples) {
            for (long[] b : triples) {
                int ab = VersionOrder.compare(v(a[0], a[1], (int) a[2]), v(b[0], b[1], (int) b[2]));
                int ba = VersionOrder.compare(b[0], b[1], (int) b[2], a[0], a[1], (int) a[2]);
                assertThat(Integer.signum(ab)).isEqualTo(-Integer.signum(ba));
            }
        }
    }
}

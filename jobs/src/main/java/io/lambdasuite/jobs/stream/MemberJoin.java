package io.lambdasuite.jobs.stream;

import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.rules.Validity;
import java.time.Duration;

/** Rule 1 of reference-schema.md §3: the member exists and is not a bot, team member or organization. */
final class MemberJoin extends DimensionJoin<MemberRow> {
    private static final long serialVersionUID = 1L;

    MemberJoin(Duration wait) {
        super(MemberRow.class, Tags.MEMBER_VERSIONS, wait);
    }

    @Override
    boolean noReference(ActivityRow fact) {
        return fact.memberId.isEmpty();
    }

    @Override
    void enrich(ActivityRow fact, MemberRow member) {
        fact.memberReason = fact.isDeleted ? "" : Validity.memberReason(member);
    }
}

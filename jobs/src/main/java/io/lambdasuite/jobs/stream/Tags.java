package io.lambdasuite.jobs.stream;

import io.lambdasuite.udfs.model.DeadLetter;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** Side outputs of the streaming job. */
public final class Tags {
    public static final OutputTag<MemberRow> MEMBERS = new OutputTag<>("members", TypeInformation.of(MemberRow.class));
    public static final OutputTag<OrganizationRow> ORGANIZATIONS =
            new OutputTag<>("organizations", TypeInformation.of(OrganizationRow.class));
    public static final OutputTag<SegmentRow> SEGMENTS =
            new OutputTag<>("segments", TypeInformation.of(SegmentRow.class));
    public static final OutputTag<RepositoryRow> REPOSITORIES =
            new OutputTag<>("repositories", TypeInformation.of(RepositoryRow.class));
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));
    /** Inputs read to their end (incremental runs): NDJSON file paths, or Kafka {@code topic-partition@endOffset}. */
    public static final OutputTag<String> READ_TO_END = new OutputTag<>("read-to-end", TypeInformation.of(String.class));

    /** New dimension versions accepted by the joins, for the dimension MV datasets. */
    public static final OutputTag<MemberRow> MEMBER_VERSIONS =
            new OutputTag<>("member-versions", TypeInformation.of(MemberRow.class));
    public static final OutputTag<OrganizationRow> ORGANIZATION_VERSIONS =
            new OutputTag<>("organization-versions", TypeInformation.of(OrganizationRow.class));
    public static final OutputTag<SegmentRow> SEGMENT_VERSIONS =
            new OutputTag<>("segment-versions", TypeInformation.of(SegmentRow.class));
    public static final OutputTag<RepositoryRow> REPOSITORY_VERSIONS =
            new OutputTag<>("repository-versions", TypeInformation.of(RepositoryRow.class));

    private Tags() {}
}

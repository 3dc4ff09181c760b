package io.lambdasuite.jobs.stream;

import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.DeadLetter;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.PullRequestRecord;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import org.apache.flink.api.connector.sink2.Sink;

/** The outputs of the streaming job, injected so tests can run the production graph with other sinks. */
public interface StreamSinks {
    Sink<ActivityRow> activities();

    Sink<MemberRow> members();

    Sink<OrganizationRow> organizations();

    Sink<SegmentRow> segments();

    Sink<RepositoryRow> repositories();

    Sink<DeadLetter> deadLetters();

    /** Changed PR records ({@code pull_request_analyzed_mv}). */
    Sink<PullRequestRecord> pullRequests();
}

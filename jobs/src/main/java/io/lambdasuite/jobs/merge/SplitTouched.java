package io.lambdasuite.jobs.merge;

import io.lambdasuite.udfs.model.ActivityRow;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Rows of the previous snapshot that the merge read: those {@link Touched} says the delta may supersede or a
 * changed dimension may alter go to {@link #TOUCHED} (the keyed steps), the others stay as they are.
 */
final class SplitTouched extends ProcessFunction<ActivityRow, ActivityRow> {
    private static final long serialVersionUID = 1L;

    static final OutputTag<ActivityRow> TOUCHED = new OutputTag<>("touched", TypeInformation.of(ActivityRow.class));

    private final Touched touched;

    SplitTouched(Touched touched) {
        this.touched = touched;
    }

    @Override
    public void processElement(ActivityRow r, Context ctx, Collector<ActivityRow> out) {
        if (touched.row(r)) {
            ctx.output(TOUCHED, r);
        } else {
            out.collect(r);
        }
    }
}
